"""Social-licence frameworks (as data files) and mapping themes onto their tenets.

>>> import qualkit.frameworks as f
>>> f.available_frameworks()
['carter2015', 'kent_medway2025', 'ksss2022', 'stockdale2019']
"""

from __future__ import annotations

from ._framework import Framework, Tenet, available_frameworks, load_framework
from ._mapping import ThemeMapping, map_themes, themes_frame

__all__ = ["Framework", "Tenet", "ThemeMapping", "available_frameworks", "load_framework",
           "map_themes", "themes_frame"]

"""Command modules for :mod:`qualkit.cli`; each defines ``register(subparsers)``."""

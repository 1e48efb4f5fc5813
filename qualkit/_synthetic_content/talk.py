"""Connective talk for the synthetic focus groups: fillers, openers, prompts, presenters."""

from __future__ import annotations

__all__ = ["FILLERS", "AGREE", "DISAGREE", "HESITATE", "TAILS", "PROMPTS", "PRESENTER",
           "TOPICS", "WELCOME", "CLOSE"]

TOPICS: dict[str, str] = {
    "benefits": "Uses and benefits of linked data",
    "risks": "Linking, protecting and the risks",
    "values": "Public involvement, oversight and communication",
}

FILLERS: list[str] = [
    "Yeah.", "Mm-hm.", "Yes, I'd agree with that.", "Sorry, I was on mute.",
    "Can you hear me now?", "I'm not sure, really.", "Good point.", "That's fair.",
    "I'll pass on this one for now.", "Same as what she said, really.", "Absolutely.",
    "I hadn't thought of that.", "Sorry, my internet dropped out for a second.",
    "Go on, you first.", "Exactly.", "Right, okay.",
]

AGREE: list[str] = [
    "I agree with that.", "Yeah, that's exactly it.", "Building on what was just said,",
    "I'm with you there.", "Same here, actually.", "That's a really good point, and",
]

DISAGREE: list[str] = [
    "I'm going to disagree a bit.", "I see it slightly differently.",
    "I'm not so sure about that.", "With respect, I don't think that's quite right.",
    "Mm, I'd push back on that.",
]

HESITATE: list[str] = ["Um.", "Er, well.", "Hmm, let me think.", "So, yeah.", "I mean,", "Well,"]

TAILS: list[str] = [
    "If that makes sense.", "That's just my view anyway.", "I don't know.",
    "Sorry, I've gone on a bit.", "That's all really.", "Does that make sense?",
]

PROMPTS: dict[str, list[str]] = {
    "benefits": [
        "What do you think linked data could be used for?",
        "Can anyone think of a time when services not sharing information affected you?",
        "Which of these uses would you support most?",
        "Does anyone see a benefit outside the NHS?",
        "Anyone who hasn't spoken yet, what are your thoughts?",
    ],
    "risks": [
        "What worries you about linking records together?",
        "How do you feel about who gets access to the data?",
        "What about companies using it?",
        "How much do you trust the records to be correct?",
        "Anything else that concerns you?",
    ],
    "values": [
        "How should the public be involved in decisions about the data?",
        "How would you want to hear about the way your data is used?",
        "Who should be held responsible, in your view?",
        "Whose voices might be missing from a panel like this?",
        "Has taking part today changed how you feel?",
    ],
}

PRESENTER: dict[str, str] = {
    "benefits": (
        "Thanks everyone. I'm going to spend about ten minutes on what linked data is and what "
        "it might be used for. At the moment your GP, the hospital, social care and the council "
        "all keep their own records. Linking means joining those records up so that planners "
        "and researchers can see a fuller picture, for instance how people move between "
        "services, where demand is rising and which preventive services make a difference. "
        "Then we'll hear what you think."
    ),
    "risks": (
        "In this part I'll explain how records are actually linked and protected. Names and "
        "addresses are replaced with codes before researchers see anything, the data sits in "
        "a secure environment, and every request to use it is checked. No system is free of "
        "risk, though, and we want to hear your concerns, whether about mistakes in the data, "
        "security, who gets access or commercial use."
    ),
    "values": (
        "Welcome back to the second session. Today's short talk is about how members of the "
        "public could be involved in overseeing linked data, for example through a panel that "
        "reviews requests, and how uses of the data should be communicated to people. We'd "
        "like your ideas about what good involvement and good communication would look like."
    ),
}

WELCOME: str = "Hello everyone, thanks for joining. Let's start with a short presentation."
CLOSE: str = "Thank you all, that was really helpful. We'll stop there for today."

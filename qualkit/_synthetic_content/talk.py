"""Connective talk for the synthetic focus groups (written by the qualkit authors).

Everything here is a template for :class:`~qualkit._synthetic_content.compose.Composer`:
shared slots (people, times, places), what the facilitator says (welcome, the question
guide, probes, time checks, close), the presenters' talks, and the small talk of a group
(backchannels, reactions to the last speaker, bridges between topics, interruptions,
trouble with the connection). No sentence of four words or more is said twice in the study.
"""

from __future__ import annotations

__all__ = ["SLOTS", "TOPICS", "GUIDE", "PRESENTER", "WELCOME", "WELCOME_BACK", "HANDOVER",
           "NEXT_TOPIC", "PROBES", "INVITE", "TIME_CHECK", "CLOSE", "BACKCHANNEL", "AGREE",
           "DISAGREE", "BUILD_ON", "BRIDGE", "CUT_OFF", "YIELD", "RESUME", "TECH",
           "TAILS", "TAILS_LONG", "OPENERS", "STARTERS"]

TOPICS: dict[str, str] = {
    "benefits": "Uses and benefits of linked data",
    "risks": "Linking, protecting and the risks",
    "values": "Public involvement, oversight and communication",
}

_F, _M = "f", "m"

SLOTS: dict[str, list[object]] = {
    "kin": [("my mum", _F), ("my dad", _M), ("my gran", _F), ("my grandad", _M),
            ("my sister", _F), ("my brother", _M), ("my husband", _M), ("my wife", _F),
            ("my son", _M), ("my daughter", _F), ("my aunt", _F), ("my uncle", _M),
            ("my mother-in-law", _F), ("my father-in-law", _M), ("my partner", _F),
            ("my partner", _M), ("my stepdad", _M), ("my nan", _F)],
    "someone": [("a friend of mine", _F), ("a friend of mine", _M), ("my neighbour", _F),
                ("my neighbour", _M), ("a woman I work with", _F),
                ("a lad I used to work with", _M), ("somebody at my church", _F),
                ("a chap from my walking group", _M), ("a girl I was at school with", _F),
                ("my best friend", _F), ("an old colleague of mine", _M),
                ("the lady across the road", _F), ("a regular at the pub", _M)],
    "kin_old": [("my mum", _F), ("my dad", _M), ("my gran", _F), ("my grandad", _M),
                ("my nan", _F), ("my mother-in-law", _F), ("my father-in-law", _M),
                ("my aunt", _F), ("my uncle", _M), ("my stepdad", _M)],
    "child": [("my son", _M), ("my daughter", _F), ("my lad", _M), ("my youngest", _F),
              ("my eldest", _M), ("my stepson", _M), ("my niece", _F), ("my grandson", _M)],
    "kin_or_someone": [("my mum", _F), ("my dad", _M), ("my sister", _F), ("my brother", _M),
                       ("a friend of mine", _F), ("my neighbour", _M), ("my husband", _M),
                       ("my wife", _F), ("a mate of mine", _M), ("my auntie", _F)],
    "when": ["last year", "a couple of years ago", "back in the spring", "over Christmas",
             "not that long ago", "a while back", "during the pandemic",
             "when we first moved down here", "the year before last", "earlier this year"],
    "n": ["three", "four", "five", "about six", "two or three", "half a dozen"],
    "place": ["the surgery", "the hospital", "the walk-in centre", "A and E",
              "the outpatients clinic", "the minor injuries unit"],
    "hedge": ["I think", "I suppose", "I'd say", "to be fair", "honestly", "if I'm honest",
              "for me", "in my view"],
    "records": ["records", "notes", "details", "information", "medical history", "data"],
    "area": ["round here", "in our town", "where I live", "on the coast", "in the villages",
             "on our estate", "in this part of the county"],
}

# ---------------------------------------------------------------- facilitator
WELCOME: list[str] = [
    "[Hello|Hi] everyone, [and thank you|thanks so much] for joining [us|us this evening|us "
    "today]. [Before we start|First of all], [just to remind you|a quick reminder] that we're "
    "recording, and [names will be taken out|anything that could identify you will be removed] "
    "[when it's transcribed|from the transcript]. [We'll start|We're going to start|Let's kick "
    "off] with a short [presentation|talk] and then [it's over to you|we'll hear what you all "
    "think]. [Please|Do] [stay on mute|keep yourself muted] when you're not speaking, [and just "
    "unmute|and unmute] [when you want to come in|to come in]."
]
WELCOME_BACK: list[str] = [
    "[Welcome back|Hello again], everyone, [it's lovely to see you all again|nice to see familiar"
    " faces|good to have you back]. [As last week|Same as before], we're recording, [and|so] "
    "[please|do] [keep yourselves muted|stay on mute] unless you're talking. [This week|Today] "
    "[is about|we're looking at] how the public [could be|might be] involved [and how people "
    "should hear about what's done with their data|and how uses of data should be explained to "
    "people], and [we'll start|we're starting] with [another|one more] short talk."
]
HANDOVER: list[str] = [
    "[Thanks|Thank you|Thanks very much|Thank you so much], that was [really useful|really "
    "clear|a lot to take in|very helpful|fascinating]. [Let's open it up|I'll open it up to the "
    "group now|Over to all of you now|So, over to you|Right, let's hear from you|Let's get your "
    "thoughts] [then|now|]."
]
NEXT_TOPIC: list[str] = [
    "[Right|Okay], [we'll leave it there for this part|I'm going to stop us there on that "
    "one|let's move on], [because|as] [we've got a second talk to fit in|there's a second "
    "presentation|we need to get through the next talk]."
]

#: per topic, the question guide: (question templates, themes the question leans on)
GUIDE: dict[str, list[tuple[list[str], list[str]]]] = {
    "benefits": [
        (["[So,|Okay, so] [what do you think|what are your first thoughts on what] joined-up "
          "records [could|might] be [used|useful] for?",
          "[Having heard that|From that talk], what [do you think|strikes you about what] linking"
          " records [could|might] [do|be good for]?"], []),
        (["Has anyone [had an experience|got an example] of services not sharing "
          "[information|what they know] [with each other|], [and|] how did that [affect|go for] "
          "you?",
          "Can anyone think of a time when [one service|the hospital] didn't know what "
          "[another|the GP] [had done|knew], [and what happened|]?"], ["communication"]),
        (["[Which of these uses|Of the things in the talk, which] would you [support|be happiest "
          "with] [most|first], and why?",
          "If you had to [pick|choose] one use [to back|to support], [which would it be|what "
          "would you go for]?"], ["efficiency", "prevention"]),
        (["[What about|Does anyone see] benefits [beyond|outside] the NHS, [so|like] councils or "
          "[schools|housing] [or charities|]?",
          "[Do you|Would you] see [any value|a benefit] in [the council|other services] [being "
          "part of this|having access to this], not just health?"], ["community"]),
        (["[Is there|Has] anyone who hasn't [spoken|said much] yet [who|that] [wants|would like] "
          "to come in?",
          "[I'd like to hear|Let's hear] from [a few|some] people we haven't heard from [yet|so "
          "far]."], []),
    ],
    "risks": [
        (["[So,|Right,] what [worries you|concerns you], if anything, about [linking|joining up] "
          "records like this?",
          "[Having heard that|After that talk], what [are your|would be your] [main|biggest] "
          "[concerns|worries]?"], []),
        (["How do you feel about [who gets|who should get|who's allowed] access to the "
          "[data|linked records]?",
          "[What do you think about|How would you feel about] the rules on who [can|is allowed "
          "to] see [it|the data]?"], ["governance"]),
        (["[And|What about] companies, [private firms|drug companies or tech firms], using "
          "[it|the data]?",
          "[How do you feel about|Where do you stand on] [commercial|private] companies [getting "
          "hold of|using] [it|linked data]?"], ["commercial"]),
        (["How much do you [trust|believe] [the records|what's in your records] to be "
          "[correct|accurate] [in the first place|]?",
          "[Do you think|Would you say] the records [are|would be] [accurate|right] enough to [be"
          " useful|make decisions from]?"], ["accuracy"]),
        (["[And|What about] [security|keeping it safe], [hacking|leaks] and so on?",
          "[How worried are you|Does anyone worry] about [the data being stolen|leaks or "
          "hacking]?"], ["breaches"]),
    ],
    "values": [
        (["How [should|could] the public be involved in [decisions|deciding] about [the data|how "
          "it's used]?",
          "[If the public were involved|Thinking about involving the public], what [would that "
          "look like|should that look like] [to you|]?"], ["public_voice"]),
        (["How would you [want|like] to [hear|be told] about [the way|how] your data is "
          "[used|being used]?",
          "What's the best way [to tell people|of letting people know] what's [done|being done] "
          "with [their data|their records]?"], ["transparency"]),
        (["Who should be [held responsible|accountable] [if something goes wrong|when it goes "
          "wrong], [in your view|do you think]?",
          "[If|When] [something goes wrong|it's misused], who "
          "[should|ought to] answer for it?"], ["accountability"]),
        (["Whose voices [might|do you think might] be missing from [a panel|a group] like this?",
          "[Who isn't here|Who wouldn't come to something like this], [do you think|would you "
          "say], [and|so] how would you reach them?"], ["diversity"]),
        (["[Are there|Is there] [any|] [kinds of information|bits of people's records] that "
          "[need|needs] [extra care|special care|more protection]?",
          "[Should|Do] [some|certain] [conditions|kinds of data] [be treated differently|need "
          "handling differently], [do you think|]?"], ["stigma"]),
        (["What would make you [trust|feel confident in] [this|a scheme like this]?",
          "[What would it take|What would need to happen] for you to trust [it|how the data is "
          "used]?"], ["trust"]),
        (["[Has|Has taking part in] [this|these sessions] changed how you feel [at all|]?",
          "[Before we finish|Last one], [has|have] [today|these two sessions] changed "
          "[anything|your view] for you?"], ["involvement", "trust"]),
    ],
}

PROBES: list[str] = [
    "Can you say a bit more about [that|why]?",
    "[What makes you say that|Why do you say that]?",
    "[Does anyone|Do others] [feel differently|see it differently|disagree]?",
    "[Is that|Would that be] a [common|shared] [feeling|view] [in the group|here]?",
    "[How would that work|What would that look like] in practice, do you think?",
    "[Lots of|I can see some] nodding [there|on screen].",
    "[That's interesting|Interesting], [go on|carry on].",
    "[Could|Can] you [give us|think of] an example?",
]
INVITE: list[str] = [
    "{pid}, [you were nodding|you look like you want to come in|what do you think]?",
    "[Can I bring|Let me bring] {pid} in [here|on this].",
    "{pid}, [did you want to add something|have you got a view on this]?",
    "[I saw|I think] {pid} [had a hand up|unmuted] [there|a second ago].",
]
TIME_CHECK: list[str] = [
    "[Just|Only] [five|ten|a few] minutes [left|to go] on this [part|topic], [so|so] "
    "[let's|we'll] [hear from a couple more people|take one or two more]."
]
CLOSE: list[str] = [
    "[Thank you all|Thanks, everyone], [that was|it's been] [really|incredibly] "
    "[helpful|useful|valuable]. [We'll stop there|Let's leave it there] for [today|tonight], and "
    "[you'll get|we'll send] [a summary|the details for next time] [by email|soon]."
]

# ---------------------------------------------------------------- presenters
PRESENTER: dict[str, list[str]] = {
    "benefits": [
        "[Thanks|Thank you|Thanks very much], [and|] [hello, everyone|good evening|hi, all|hello,"
        " all].",
        "I'm going to [spend|take|use] [about|roughly|around] ten minutes on what linked data is "
        "and what it [might|could] be [used|useful] for.",
        "[At the moment|Right now|Today|As things stand], your GP, the hospital, social care and "
        "the council [all keep|each hold|each keep] their own [records|separate records].",
        "Linking [means|is] joining those records [up|together] so that [planners and "
        "researchers|researchers and planners] [can see|get|have] a [fuller|more complete|bigger]"
        " picture.",
        "[For example|For instance|So], [you could|they could|it becomes possible to] see how "
        "people move [between services|from one service to the next|through the system], [and|or]"
        " where demand is [rising|growing|going up].",
        "[It can also show|You can also learn|It might also tell us] which preventive services "
        "[actually|really|] [make a difference|work], [so that|and so] [money can go where it "
        "does|resources can go where they do] [most|the most] good.",
        "[None of this|This] [is about|isn't about] [looking at|reading|anyone reading] one "
        "person's notes; researchers work with [large numbers|thousands|many thousands] of "
        "records [at once|together|at a time].",
        "[I'll stop there|That's the end of my slides|That's all from me], and [I'm looking "
        "forward to hearing|we'd love to hear|I'm keen to hear] what you [think|make of it].",
    ],
    "risks": [
        "In this [part|next part|second part] I'll [explain|talk through|go through] how records "
        "are [actually|] linked and [protected|kept safe].",
        "Names and addresses are [replaced|swapped] with [codes|code numbers|reference numbers] "
        "before [researchers|anyone doing research] [see|sees|gets to see] [anything|any of it].",
        "The data [sits|is kept|is held] in a secure [environment|setting], [and|where] every "
        "[request|application] [to use|for] it is [checked|reviewed|looked at] [by a "
        "panel|first|by a committee].",
        "[Researchers|People] [can't|aren't allowed to] take [the data|records] [out|away]; they "
        "only [get|receive] [summary results|tables of numbers|the findings] [back|at the end].",
        "[No system is free of risk|Nothing is completely risk-free|No system is perfect], "
        "[though|of course|mind you], and [we want to|we'd like to|I'd really like to] hear your "
        "[concerns|worries].",
        "That [might be|could be] about [mistakes|errors] in the data, [security|hacking|keeping "
        "it safe], who gets access, or [commercial use|companies using it].",
    ],
    "values": [
        "[Welcome back|Hello again|Nice to see you again]. [Today's|This week's] [short|quick] "
        "talk is about how [members of the public|people like you] [could|might] be involved in "
        "[overseeing|keeping an eye on|the oversight of] linked data.",
        "One [way|option|model] is a panel that [reviews|looks at|decides on] requests [to use "
        "the data|for access], with members of the public [sitting on it|on it alongside "
        "experts|as full members].",
        "[Another question|The other part of this|A second question] is how uses of the data "
        "should be [communicated|explained] to people, [and|] [in what form|through which "
        "channels|in what way].",
        "[Some schemes|Some places|Some areas] publish a [register|list] of every project, "
        "[others|some] [use|rely on] [leaflets|posters|newsletters] in surgeries or local radio.",
        "[We'd like|We want|I'd love] your ideas about what good involvement and good "
        "communication would look like, [and|including] who [might|could] be left out.",
    ],
}

# ---------------------------------------------------------------- participants' small talk
#: short answers; they may repeat (fewer than four words)
BACKCHANNEL: list[str] = [
    "Yeah.", "Mm.", "Mm-hm.", "Yes.", "Definitely.", "Agreed.", "Exactly.", "Absolutely.",
    "Same here.", "Yeah, totally.", "True.", "Good point.", "That's fair.", "Yes, yes.",
    "Right.", "Oh, definitely.", "Mm, yeah.", "I'd agree.", "Fair enough.", "Hmm.",
]
AGREE: list[str] = [
    "[Yeah,|Yes,|Mm,] [I'd agree with|I'm with] {pid} [on that|there].",
    "[I|I'd] [completely|totally|pretty much] agree with [what|everything] {pid} [said|just "
    "said].",
    "[That's|That was] a [really|very] good point [from {pid}|that {pid} made].",
    "[Same as|Just to echo] {pid}, [really|actually].",
    "[I was going to say|I was about to say] [the same thing|something similar], "
    "[actually|funnily enough].",
    "[Yeah, that's|That's] [exactly|pretty much] [what I was thinking|how I feel|where I am].",
    "[I'm|I'm kind of] nodding along [to all of this|here].",
]
DISAGREE: list[str] = [
    "[I'm going to|Can I] [disagree|push back] [a bit|slightly] [with {pid}|there].",
    "I [see it|see that] [slightly|a bit] differently [to {pid}|, actually|, if I'm honest].",
    "[I'm not so sure|I'm less sure] about [that|that, sorry|what {pid} said].",
    "[With respect|Sorry], I don't think [that's quite right|it's that simple].",
    "[I know what you mean|I hear what you're saying], [but|although] I'm [not convinced|on the "
    "other side of that].",
]
BUILD_ON: list[str] = [
    "[Building on|Just picking up on|Following on from] what {pid} said,",
    "[Going back to|Coming back to] [what|the things] {pid} [said|was saying] [earlier|before],",
    "[On|About] {pid}'s point,",
    "[To add to that|Adding to that],",
]
#: openers of a second point in the same turn (lower-case continuations follow)
BRIDGE: list[str] = [
    "But then again,", "Mind you,", "The flip side is,", "And the other thing is,",
    "That said,", "On a different note,", "Sorry, slightly different, but",
    "Which kind of links to something else,", "And then,", "Although,", "Also,",
    "And actually,", "It's funny, because",
]
#: an unfinished sentence, cut off by another speaker
CUT_OFF: list[str] = [
    "And the [other|main] thing [is|I'd say is]\u2014",
    "[So|But] what I [really|] [want to know|worry about] is\u2014",
    "[Can I|Could I] just [add|say]\u2014",
    "[And|But] if you [think about|look at] it\u2014",
    "[The|My] [bit|point] [I keep coming back to|I wanted to make] is\u2014",
]
#: what the one who interrupted says
YIELD: list[str] = ["Sorry, sorry.", "Go on.", "Oops, sorry.", "After you.", "Sorry!",
                    "Sorry, go."]
#: how the interrupted speaker picks up again
RESUME: list[str] = ["No, you're fine.", "Thanks.", "No worries.", "That's okay.",
                     "Sorry, yeah.", "Right, so.", "Okay.", "Ta."]
TECH: list[str] = [
    "Sorry, [I was|I'm] [on mute|still muted] [there|].",
    "[Can you|Can everyone] hear me [now|okay]?",
    "[Sorry, my|My] [internet|connection|wifi] [dropped out|went] [for a second|there].",
    "[You're|Sorry, you're] [breaking up|freezing] a [bit|little].",
    "I [lost|missed] [the end of that|the last bit], sorry.",
]
#: what people end a turn with; the short ones may repeat
TAILS: list[str] = ["That's all.", "Anyway.", "I don't know.", "Yeah.", "Just saying.",
                    "That's me.", "So, yeah.", "You know?"]
TAILS_LONG: list[str] = [
    "[Sorry,|Anyway,|Right,|Okay,] [I've gone on|I'll stop there|that's me done|I'll shut up now]"
    " [a bit|now|].",
    "[That's|That is] [just|only] [my view|my opinion|how I see it|my two pennies' worth][, "
    "anyway|, for what it's worth|].",
    "[I hope|Hopefully] that [makes sense|made sense|came out right|was clear].",
]
#: openers said before a point (short, may repeat)
OPENERS: list[str] = [
    "Well,", "I mean,", "So,", "Um,", "Er,", "Honestly,", "For me,", "Yeah, so", "Okay, so",
    "Hmm,", "I think", "To be honest,", "Personally,", "See,", "Oh,", "Right,",
]
#: openers that start a first point, a little longer
STARTERS: list[str] = [
    "[The first thing that|What] [struck me|jumped out at me] [was|is] this.",
    "I've [been thinking|thought] about this [a lot|quite a bit] [since the talk|actually].",
    "[Can I|I'd like to] [come in|say something] [here|on this|quickly]?",
    "[I'll|Let me] [go|jump in] [first|], [if that's okay|if nobody minds].",
    "[This is|It's] [a bit|going to sound a bit] [of a tangent|random], [but|so bear with me].",
]

"""Topic 3, public involvement, oversight and communication: what participants say.

Written by the qualkit authors; layout as in :mod:`.benefits`.
"""

from __future__ import annotations

__all__ = ["THEMES", "SUBCODES", "TEMPLATES", "SLOTS"]

SUBCODES: dict[str, list[tuple[str, str]]] = {
    "stigma": [("stigma_sensitive_conditions", "Sensitive conditions and records"),
               ("stigma_labelling_groups", "Labelling communities and families")],
    "public_voice": [("public_voice_seat_at_table", "Public members in decision-making"),
                     ("public_voice_acted_on", "Public advice acted on and paid for")],
    "transparency": [("transparency_plain_information",
                      "Plain information that reaches people"),
                     ("transparency_publish_uses", "Publishing uses, results and opt-out")],
    "accountability": [("accountability_named_responsibility",
                        "Named responsibility and complaints"),
                       ("accountability_sanctions_regulator",
                        "Sanctions and independent regulation")],
    "diversity": [("diversity_seldom_heard", "Reaching seldom-heard groups"),
                  ("diversity_range_of_views", "A range of ages and views")],
    "trust": [("trust_in_organisations", "Trust in particular organisations"),
              ("trust_building", "How trust is built or lost")],
    "involvement": [("involvement_valued", "Feeling valued by taking part"),
                    ("involvement_ongoing", "Ongoing and early involvement")],
}
THEMES: list[str] = list(SUBCODES)

SLOTS: dict[str, list[object]] = {
    "sensitive": ["mental health", "sexual health", "an abortion", "a drug problem",
                  "HIV", "a miscarriage", "an eating disorder", "gender identity",
                  "drinking", "self-harm"],
    "group_hard": ["travellers", "asylum seekers", "young carers", "people who are homeless",
                   "people with learning disabilities", "people in care homes",
                   "refugees", "people who can't read well", "fishermen and farm workers",
                   "people who've been in prison"],
    "channel": ["a leaflet at the surgery", "local radio", "the free paper",
                "a text message", "a letter with your appointment", "posters in the chemist",
                "a short video", "the council magazine", "a stall at the market",
                "the parish newsletter"],
    "org": ["the NHS", "my GP", "the council", "the government", "a university",
            "a private company", "the hospital trust", "a charity"],
}

TEMPLATES: dict[str, list[str]] = {
    "stigma_sensitive_conditions": [
        "If you've had [a mental health problem|mental health problems], you worry it follows you"
        " around and people judge you for it.",
        "{kin} had {sensitive_past} years ago, and [{he}'s|{he} is] still treated differently by "
        "some [doctors|staff] because it's in {his} notes.",
        "Things like {sensitive} [or|and] {sensitive}, people really don't want those linked to "
        "anything else.",
        "{someone} didn't go for help with {his} {sensitive_short} because {he} was "
        "[scared|frightened] it would end up on {his} record.",
        "People with HIV have fought hard for privacy, and I wouldn't want that undone.",
        "It shouldn't be used to blame people for being ill, like saying smokers don't deserve "
        "treatment.",
        "[Once|When] {sensitive} [is|goes] on your record, [it's|it is] there [for good|forever],"
        " [and|so] [every|each] [new|] [doctor|nurse] [reads|sees] it [first|before anything "
        "else].",
        "[I'd want|I'd like] [to be able|the right] to [say|choose] [that|whether] [certain|some]"
        " [things|bits] [stay|are kept] [out of it|private], [like|such as] {sensitive}.",
        "There's still [such a|a real] stigma [around|about] {sensitive} that some people "
        "[won't|wouldn't] [even|] [tell their families|go to the GP], [let alone|never mind] [be "
        "happy about it being linked|agree to their data going anywhere].",
        "[Young people|Teenagers] [especially|in particular] won't [come forward|ask for help] "
        "[about|with] {sensitive} if they think [their parents|anyone] [might|could] [find "
        "out|see it].",
        "[Some|Certain] [conditions|diagnoses] [carry|come with] [baggage|judgement] that other "
        "illnesses [just|simply] don't, [so the system needs|and they need] to [treat|handle] "
        "them [differently|with more care].",
    ],
    "stigma_labelling_groups": [
        "Some of the communities round here already feel watched, and this could make that worse.",
        "I'd hate for a family to be labelled as a problem family just because of what's in a "
        "database.",
        "There's a real risk that certain postcodes get written off once the numbers are "
        "published.",
        "As a Black man, I know how statistics can be used against us, so forgive me for being "
        "cautious.",
        "Anything to do with social services makes parents nervous, they think their kids will be"
        " taken away.",
        "The researchers should be careful how they describe groups, the wording matters a lot.",
        "[If|When] [a report|the research] [says|shows] [our estate|one area|a particular "
        "community] [has the worst|comes top for] {problem_area}, [that|it] [sticks|stays with "
        "people] [for years|for a generation].",
        "[Being poor|Being on benefits] already gets you [looked down on|judged], and [I don't "
        "want|I wouldn't want] [numbers|data] [making|to make] [that|it] [worse|official].",
        "[Algorithms|Computers] [that|which] [flag|pick out] [families|people] [as|for being] [at"
        " risk|high risk] [can|might] [end up|just end up] [targeting|picking on] the same "
        "[people|families] [over and over|every time].",
        "[My|Our] [community|background] [gets|has always got] [blamed|the blame] [for|when it "
        "comes to] [things|stuff] [like|such as] [obesity|diabetes|smoking], [and|so] I'd "
        "[want|need] [to know|reassurance] [that|] [this|the data] [won't|wouldn't] [feed|add to]"
        " [that|it].",
        "[How|The way] [they|the researchers] [write it up|present it] [really|] matters, "
        "[because|as] [a headline|a newspaper] [will|would] [turn|twist] [it|the findings] "
        "[into|to] [blame|something nasty].",
    ],
    "public_voice_seat_at_table": [
        "Ordinary people should be in the room when the decisions are made, not just told "
        "afterwards.",
        "I'd like to see members of the public actually sitting on the committee that approves "
        "projects.",
        "We should have a say at the start, about which questions are worth asking in the first "
        "place.",
        "A citizens' panel that meets regularly would be better than a one-off consultation.",
        "I'm not sure I'd be confident on a committee, but I'd want someone like me there.",
        "Patients know things the experts don't, because we're the ones living with it.",
        "I think the public should be able to say no to a project, not only comment on it.",
        "[It|The panel] [shouldn't|mustn't] [be|just be] [one|a single] [token|lone] [member of "
        "the public|patient] [surrounded by|sat among] [professors|experts|suits].",
        "[Half|At least half] [the panel|the seats] [should|ought to] [be|go to] [ordinary "
        "people|the public], [otherwise|or] [we|they] [get|will get] [outvoted|drowned out] "
        "[every time|all the time].",
        "[The public|People like us] [should|ought to] [help|get to] [set|decide] [the "
        "priorities|what gets looked at], not [just|only] [rubber-stamp|approve] [what the "
        "experts want|whatever's put in front of us].",
        "[We|The public] [need|would need] [proper|some] [training|support] [to sit|if we're "
        "going to sit] on [a panel|a committee] like that, [otherwise|or] [it's|it'll be] "
        "[hard|tricky] to [challenge|stand up to] [the experts|the professionals].",
        "[I'd want|I'd like] [the public members|the lay members] to have [a proper|an actual] "
        "vote, [not|and not] [just|only] [a chance|the chance] to [comment|chip in].",
    ],
    "public_voice_acted_on": [
        "These sessions are good, but what happens to what we've said? Does it change anything?",
        "It needs to be more than a tick-box exercise where they've already decided and just want"
        " us to nod.",
        "If people give up their time, they ought to be paid for it, like any other expert would "
        "be.",
        "I'd want to see some feedback saying we suggested this and here's what they did about "
        "it.",
        "The public voice has to carry weight, otherwise it's just decoration.",
        "[I've done|I did] [one of these|a consultation] [before|for the council once], and "
        "[we|I] [never heard|didn't hear] [another word|anything back], [so|which is why] [I'm|I "
        "am] [a bit|slightly] [cynical|wary].",
        "[Paying|Paying people] [properly|fairly] [means|would mean] [you get|you'd get] "
        "[people|a wider range of people] [who|that] [can't|couldn't] [otherwise|normally] "
        "[afford|spare] the time.",
        "[A|Some sort of] [report back|newsletter] [saying|that says] which [ideas|suggestions] "
        "[were used|got taken up] and [which weren't|why others weren't] [would make a "
        "difference|would help people come back].",
        "[If|When] [they|the researchers] [ignore|go against] what [the panel|the public] "
        "[says|said], they [should|ought to] [explain|have to explain] why, [publicly|in "
        "writing].",
        "[I don't mind|I'm happy] giving up [my time|an evening], but I'd want [to know|proof] "
        "[that it actually goes somewhere|it makes a difference].",
    ],
    "transparency_plain_information": [
        "Just tell us what you're doing with it, in plain English, that's all I ask.",
        "I'd never heard of any of this before today, and that worries me in itself.",
        "Most people don't read the small print, so it needs to be short and honest.",
        "I'd want it in other languages as well, my parents' English isn't great.",
        "{channel} would reach people like {kin_plain}, who doesn't go online.",
        "[Honestly,|Really,] {channel} or {channel}, [that's|that is] how you'd reach people "
        "{area}.",
        "[No jargon|Cut out the jargon], [please|for goodness' sake], [because|since] [half|most]"
        " of [the leaflets|what] I get from [the hospital|the NHS] [I can't|I don't] "
        "[understand|follow].",
        "[A|One] [simple|short] [page|sheet] [saying|that says] [what|which] data, [who|which "
        "organisations] [and why|and for what reason], [that's|that is] [all|really all] [you'd "
        "need|people want].",
        "Use [real|proper] examples, like [what a project found|how a project helped] [in our "
        "area|for local people], not [vague|woolly] promises.",
        "[Easy read|Easy-read] [versions|leaflets] [matter|would matter] [for people with "
        "learning disabilities|for a lot of people], [and|but] [nobody|no one] [ever|] "
        "[thinks|seems to think] [of|about] [them|that].",
        "If you asked [most people|people in the street] what [the NHS|their surgery] does with "
        "their [data|records], they'd have [no idea|absolutely no idea|not a clue].",
        "[Tell people|Let people know] [at the point|when] they [register with a GP|sign up at "
        "the surgery], [not|rather than] [years later|after the fact].",
    ],
    "transparency_publish_uses": [
        "There should be a website listing every project that's using the data and who's behind "
        "it.",
        "If they've got nothing to hide, they should be happy to publish it all.",
        "I'd like to know the results too. What did they actually find out from our information?",
        "It's the secrecy that makes people suspicious, more than the linking itself.",
        "They should explain how to opt out clearly, and not make you feel guilty for doing it.",
        "Tell us when things go wrong too, not just the good news stories.",
        "[A|Some kind of] [register|list] of [who's asked|requests] and [who's been turned "
        "down|which ones got a yes], [that|and that] should be public [for anyone to look at|so "
        "anyone can look].",
        "[Every|Each] project [should|ought to] [publish|put out] [what it found|its results] [in"
        " plain language|as a summary people can read], [even if|especially if] [it|the answer] "
        "[was|is] [boring|disappointing].",
        "[I'd like|I'd want] [an annual|a yearly] report [saying|that says] how [often|many "
        "times] [the data|our data] [was|got] used and [by whom|who by].",
        "[If|When] they change what [the data's|it's] used for, they [should|ought to] "
        "[tell|write to] [everyone|us] [again|about it].",
        "[The opt-out|Opting out] [should|needs to] be [one|a single] [click|form], [and|] [the "
        "rules|what happens to your data] [spelled out|explained] [in one place|clearly].",
    ],
    "accountability_named_responsibility": [
        "Somebody has to be responsible if it goes wrong, a named person and not just the "
        "organisation.",
        "I'd want to know who I complain to if I think my information has been used badly.",
        "It always seems that when something goes wrong, nobody is ever to blame.",
        "When {kin}'s care went wrong, it took two years to get an apology, so I'm sceptical.",
        "Whoever holds the data should have to answer to the public, not just to the government.",
        "[There|Somewhere there] [should|ought to] be [a|one] [name|person] [at the top|in "
        "charge] [who|that] [signs off|puts their name to] [every|each] [request|use of it].",
        "[A|One] [phone number|email address] [to complain to|for complaints] that "
        "[actually|really] gets [answered|a reply] [would|could] [be a start|make a difference].",
        "[Passing the buck|Blaming each other] [is|seems to be] [what they do best|all they ever "
        "do when things go wrong], [in my experience|from what I've seen].",
        "[If|When] [my data|someone's data] [is|gets] [misused|abused], [I'd want|I'd expect] to "
        "be told [personally|directly], and to know [who did it|what's being done about it].",
        "[Responsibility|Accountability] [has to|needs to] [sit|rest] [with someone senior|with a"
        " person at the top], [not|and not] [some|a] [junior|poor] [clerk|member of staff] who "
        "[gets thrown under the bus|ends up getting the blame].",
    ],
    "accountability_sanctions_regulator": [
        "There should be real consequences if data is misused, fines or people losing their jobs.",
        "An independent regulator with teeth, that's what's needed.",
        "The people in charge should have to report every year on what's been done with it.",
        "If a company breaks the agreement, they should be banned from getting data again.",
        "I'd like the public panel to be able to ask awkward questions and get proper answers.",
        "Accountability means someone actually checking, not just organisations marking their own"
        " homework.",
        "I'd feel better if there was an ombudsman type of person specifically for this.",
        "[Criminal sentences|Prison time] for the worst cases, [honestly|to be honest], because "
        "[a fine|fines] won't [stop|deter] [anyone|people].",
        "[Struck off|Sacked], that's what [should|ought to] happen to [a doctor|anyone on the "
        "staff] who looks [where|at things] they shouldn't.",
        "[The regulator|Whoever regulates it] [needs|has] to be [properly|] independent, [not|and"
        " not] [run by|full of] [people|former NHS managers] [who|that] [know|are friends with] "
        "[everyone|the people they're checking].",
    ],
    "diversity_seldom_heard": [
        "The people who are most affected are often the ones who never get asked, like "
        "{group_hard}.",
        "If it's all online, then people without the internet get left out completely.",
        "They should go to community centres, mosques, churches, wherever people actually are.",
        "Disabled people need to be involved properly, with access needs met, not as an "
        "afterthought.",
        "I noticed there aren't many people from my background in this group, and that matters.",
        "People who work shifts can't come to evening meetings, so vary the times.",
        "Interpreters would help, because there are people with strong views who can't take part "
        "in English.",
        "I'd want carers represented, because we deal with the system on behalf of somebody else.",
        "{group_hard} [and|or] {group_hard} [aren't going to|won't] [turn up|sign up] [to|for] "
        "[something like this|a video call], [so|and] [you'd|you would] [have to|need to] [go to "
        "them|find them where they are].",
        "[You'd|You would] [need|have] to [pay for|cover] [childcare|travel] [and|or] [bus "
        "fares|a carer], [otherwise only certain people can take part|or it's the same people "
        "every time].",
        "Working [with|through] [community|local] [leaders|groups] [is|would be] the [way|only "
        "way] to [reach|get to] {group_hard}, [because|as] [they|people] [won't|don't] "
        "[trust|listen to] [a letter|an official].",
        "[Who|Which of us] [here|in this group] [is|would count as] [seldom heard|hard to reach]?"
        " [Probably|I'd guess] [nobody|not many of us], [which|and that] [says|tells you] "
        "[something|a lot].",
    ],
    "diversity_range_of_views": [
        "Panels like this always end up full of retired people with time on their hands, no "
        "offence to anyone.",
        "You need young people in the conversation, they're the ones whose data will be used for "
        "longest.",
        "Different communities will have different worries, so one panel can't speak for "
        "everyone.",
        "It should include people who are sceptical, not just the ones who already think it's a "
        "good idea.",
        "[Everyone here seems|Most people in this group seem] [fairly|pretty] [keen|positive], "
        "[but|and] [I bet|I'd guess] [the people who said no|those who didn't sign up] "
        "[would|might] [say|tell you] something [very|quite] different.",
        "[Teenagers|Students] think about [data|privacy] [completely|totally] differently "
        "[from|to] [my generation|people my age], so [they need to be in there|their views should"
        " be heard].",
        "[A mix|A real mix] of [ages|backgrounds], [jobs|incomes] and [opinions|views], "
        "[that's|that is] what [makes|would make] [a panel|it] [worth listening to|believable].",
        "[You can't|You couldn't] [just|] [pick|choose] [people|the members] [who|that] [agree "
        "with you|will say yes], [that defeats|that would defeat] the [object|point].",
    ],
    "trust_in_organisations": [
        "I trust my GP, but I don't know who these other organisations are.",
        "Trust is earned, and to be honest the government hasn't earned much of it with data.",
        "I'd trust the NHS more than a private company, but only just.",
        "I'd be more comfortable if it was the university doing the research rather than a "
        "business.",
        "{kin} doesn't trust anything official, and I think a lot of older people are like that.",
        "I don't really trust the promise that it's anonymous.",
        "When the people in charge keep changing, it's hard to know who to trust.",
        "[I'd trust|I trust] {org} [a lot|far] more than {org}, [if I'm honest|to be fair], "
        "[because they've never let me down|since at least they've got nothing to sell].",
        "[Charities|Medical charities] I'd probably trust, but [the government|politicians], not "
        "so much, [not after|given] [the last few years|everything].",
        "[My|Our] [surgery|GP practice] [is|has been] [brilliant|great] [with|for] [us|my "
        "family], [so|and] [if|when] [they|the GP] [said|told me] [it was|it's] [fine|safe], "
        "[I'd|I would] [probably|] [believe|go along with] [it|them].",
    ],
    "trust_building": [
        "If they'd asked us properly from the beginning, people might trust it more.",
        "It takes years to build trust and one scandal to lose it.",
        "After today, I probably trust it a bit more than I did, now I understand the safeguards.",
        "You'd trust it more if you could see it doing some good, like a local success story.",
        "I think I'd trust it if people like us were keeping an eye on it.",
        "[There was|Remember] that scheme [a few years ago|some years back] [when|where] they "
        "[tried|wanted] to share everyone's records without telling [us|anyone], and that's when "
        "[I|a lot of us] [lost trust|stopped trusting them].",
        "[Trust|Being trusted] [comes|grows] from [being straight|honesty] [with people|about "
        "mistakes], [owning up|admitting] [when|if] [it|something] [goes|has gone] wrong.",
        "[Little|Small] [things|touches], [like|such as] [a thank you|being told what happened "
        "next], [go|would go] [a long way|further than you'd think] [with|for] [trust|people].",
        "[Keep your promises|Keep your word], [that's|that is] [it|all it takes], "
        "[really|honestly]. [Say what you'll do and do it|Saying what you'll do and then doing "
        "it, that's the thing].",
        "[I'd|I would] [need|want] to [see it working|see the system in action] [for a while|for "
        "a few years] before I [trusted|could trust] it [completely|fully].",
    ],
    "involvement_valued": [
        "I've really enjoyed this, and I'd happily do it again.",
        "Being asked makes me feel like my opinion is actually worth something.",
        "It's nice to be treated as a partner rather than just a source of data.",
        "I'd recommend it to my friends, it's made me think about things I'd never considered.",
        "Honestly, I thought this would be boring, but the discussion has been brilliant.",
        "The researchers should value what we bring, not just use us to tick a box.",
        "Hearing other people's views has been the best bit, I hadn't thought about half of this.",
        "[I|I honestly] [came in|turned up] [quite|pretty] [negative|sceptical], but "
        "[learning|hearing] how it [works|all works] has [changed my mind|shifted me] [a bit|a "
        "fair bit].",
        "[It's|It has] been [really|genuinely] [interesting|eye-opening] [to hear|hearing] from "
        "people with such different [lives|backgrounds].",
        "[Nobody has ever|No one's ever] [asked me|bothered to ask me] [about|what I think about]"
        " [this|anything like this] [before|until now], so [thank you|I appreciate it].",
        "[I feel|I've felt] [properly|really] [listened to|heard] [today|in these sessions], "
        "[which|and that] isn't something I'm used to [with|from] [the NHS|anything official].",
    ],
    "involvement_ongoing": [
        "I'd like to stay involved, maybe get an update in six months about what happened.",
        "I think more people would take part if they knew it was this interesting.",
        "Involving people early on saves a lot of trouble later, I'd have thought.",
        "I'd be willing to give some time each month if it meant I could help shape it.",
        "[Don't|Please don't] [just|] [do this|have us] once and [disappear|vanish], [keep us "
        "involved|bring people back] [as it goes along|over time].",
        "[It|Involvement] [should|needs to] [start|begin] [before|at the point] "
        "[anything's|anything is] [decided|designed], [not|rather than] [at the end|once it's all"
        " done].",
        "[A|Some kind of] [standing|permanent] [group|panel] [that|which] [meets|gets together] "
        "[every few months|a few times a year] [would|might] keep [them|the researchers] "
        "[honest|on their toes].",
        "[Put me down|Sign me up] for [the next one|whatever comes next], [honestly|seriously], "
        "I'd [love|be glad] to [keep going|carry on].",
        "[Regular|Ongoing] [updates|check-ins] [by email|by post] [would|could] [keep people "
        "feeling|make us feel] [part of it|connected], even [if|when] [we|people] can't [come to "
        "every meeting|make every session].",
    ],
}

SLOTS["sensitive_past"] = ["a drug problem", "a breakdown", "a drink problem",
                           "an eating disorder", "a spell in a psychiatric unit"]
SLOTS["sensitive_short"] = ["drinking", "depression", "anxiety", "eating disorder",
                            "gambling"]
SLOTS["kin_plain"] = ["my mum", "my dad", "my gran", "my grandad", "my neighbour",
                      "my nan", "my uncle", "my aunt"]
SLOTS["problem_area"] = ["drug use", "teenage pregnancy", "obesity", "child poverty",
                         "smoking", "mental illness"]


# more ways of saying the often-heard points, so that no wording wears thin
TEMPLATES["trust_building"] += [
    "[Honestly,|To be honest,] [seeing|hearing about] [one|a] [real|proper] [example|result] from"
    " [round here|our own area] would do more for my trust than any [leaflet|promise].",
    "If they [got something wrong|slipped up] and [owned up to it|said sorry] straight away, I'd "
    "[actually|probably] trust them more, [not less|funnily enough].",
    "Trust isn't something you can [ask for|demand], [you have to|they have to] [show it|earn it]"
    " [over time|bit by bit].",
    "[What would help me|What would win me over] is [knowing|being told] [exactly|] who [looked "
    "at|used] my data and [why|what for].",
    "[I've|We've] been told [it's safe|everything's fine] before and then [read otherwise|seen "
    "the headlines], so [forgive me|excuse me] if I [wait and see|hold back a bit].",
    "[Being open|Openness] about [the mistakes|what goes wrong] is [what builds|the thing that "
    "builds] trust, [in my book|as far as I'm concerned].",
    "[If|Once] people [like us|from our community] [are|were] [part of it|involved] [from the "
    "start|at every stage], the trust [would|should] [follow|come].",
]
TEMPLATES["trust_in_organisations"] += [
    "[Universities|Academics] I [don't mind|can live with], [but|whereas] [anything with a profit"
    " motive|anyone with shareholders] makes me [nervous|uneasy].",
    "The NHS [itself|as such] I trust, [it's|but it's] [the people it hands things to|whoever it "
    "hands things to] I'm [not so sure|unsure] about.",
    "[I'd|I would] trust {org} [with my data|with it] [long before|a long way before] I'd trust "
    "{org}.",
    "[Councils|The council] [round here|where I live] [can't|couldn't] [organise|manage] [the "
    "bins|the roadworks], so [forgive me|excuse me] if I [don't|wouldn't] trust them with my "
    "[medical history|records].",
    "[It depends|It all depends] [who's asking|on who it is], [really|honestly]; [a hospital|a "
    "GP] is one thing, [a tech firm|a big company] is [another|quite another].",
    "[Since|After] [the pandemic|all that business with the contracts], I [don't|can't] "
    "[trust|believe] [the government|ministers] on [anything|this sort of thing].",
]
TEMPLATES["diversity_range_of_views"] += [
    "[We're|We are] [mostly|nearly all] [the same sort of people|people who like filling in "
    "forms] [on this call|in this room], [if I'm|let's be] honest.",
    "[Someone|A person] [who's|who has] [been let down by|had a bad experience with] [the "
    "NHS|services] [would|will] [see this|see it] [very|completely] differently, and they "
    "[should|ought to] be [heard|listened to].",
    "[Parents of young kids|Young families] [hardly ever|rarely] [get to|manage to] [join|come "
    "to] [things like this|these], [and|but] [their view|what they think] [matters|counts] too.",
    "[The panel|It] [needs|should have] [men as well as women|people who work as well as people "
    "who don't], because otherwise [it's lopsided|you only hear one side].",
    "[It's easy|It'd be easy] to [get|end up with] a [panel|room] [full of|of] "
    "[enthusiasts|people who already agree], [and|but] [that|it] [doesn't|wouldn't] [tell you "
    "much|reflect anything].",
    "[City people|People in town] and [country people|people out in the villages] [see|think "
    "about] [this|it] [differently|in very different ways], [in my experience|I find].",
]
TEMPLATES["involvement_valued"] += [
    "I [didn't expect|never expected] to [enjoy|get so much out of] [this|these sessions], [to be"
    " honest|but I have].",
    "[It's|It has] made me [feel|realise] that [my experience|what I've been through] "
    "[counts|matters] for something.",
    "[I'm|I am] [really|genuinely] glad I [signed up|said yes], [I've|and I've] learnt [a "
    "lot|loads] [from everyone|from the others].",
    "[Being|Getting] paid [for my time|a little] [made|makes] me feel [taken seriously|like a "
    "proper part of it], [actually|to be honest].",
    "[I'll|I will] [be telling|tell] [my family|everyone at home] about [this|tonight], [it's|it "
    "has] been [that|really] [good|interesting].",
    "[Sitting here|Talking it through] with [people|strangers] [from all over|from different "
    "walks of life] has been [the best part|a real eye-opener].",
]
TEMPLATES["involvement_ongoing"] += [
    "[If|When] [they|the researchers] [come back|report back] [next year|in a few months], I'd "
    "[like|want] to [be there|hear it] [myself|in person].",
    "One-off sessions [like this|] [are|feel] [a bit|rather] [pointless|like a box-ticking "
    "exercise] [if nobody follows up|unless there's a next step].",
    "[I'd|I would] [join|sign up to] a [standing|regular] [panel|group] [tomorrow|in a "
    "heartbeat], [as long as|provided] it [meant|means] something.",
    "[Keep|They should keep] [a list|a mailing list] of [us|everyone who's taken part] and [ask "
    "us back|come back to us] [when|whenever] [things change|something new comes up].",
]
TEMPLATES["transparency_publish_uses"] += [
    "[Publish|They should publish] [the lot|everything], [who|which projects] [asked|applied], "
    "[who|which ones] [said yes|got approved], [and why|and the reasons].",
    "[If|When] [a study|a project] [finds something|comes up with something] [useful|important], "
    "[I'd want to|we should] [hear|read] about it [in plain English|in the local paper].",
    "[Secret|Hidden] [deals|agreements] are what [kills|ruins] [trust|it], so [put|publish] "
    "[them|the contracts] [online|where anyone can see].",
    "[A|One] [yearly|annual] [summary|update] [through the letterbox|by post] [saying|telling us]"
    " what [the data|our data] [helped with|was used for] [would|could] do [wonders|a lot of "
    "good].",
]
TEMPLATES["transparency_plain_information"] += [
    "[Most|A lot of] people [I know|round here] [have never heard of|would have no idea about] "
    "[linked data|any of this], so [start|you'd have to start] [from scratch|right at the "
    "beginning].",
    "[Pictures|Diagrams] [help|would help] [a lot|loads], [not|rather than] [pages|walls] of "
    "[text|small print].",
    "[It|The information] [should|has to] [come|be sent] [with|alongside] [your appointment "
    "letter|your prescription], [somewhere people will look|where people actually see it].",
]
TEMPLATES["public_voice_acted_on"] += [
    "[The|A] [real|proper] [test|measure] is whether [anything|something] [changes|gets changed] "
    "because of what [we|people like us] [said|say].",
    "[You|They] [should|ought to] [write back|send a note] to [everyone|all of us] [who took "
    "part|here] [saying|explaining] what [happened|was done] [with|about] [our views|what we "
    "said].",
    "Paying people [properly|fairly] [says|shows] [you|they] [value|respect] [their time|what "
    "they bring], [simple as that|it's as simple as that].",
]
TEMPLATES["public_voice_seat_at_table"] += [
    "Why [shouldn't|can't] [a patient|a member of the public] [chair|lead] [the panel|the "
    "committee], [for once|for a change]?",
    "[We|The public] [should|ought to] [have|get] a [say|vote] [on|about] [which projects go "
    "ahead|what gets approved], [not just|and not only] [be|get] [told|informed] "
    "[afterwards|after the fact].",
    "I'd [want|like] [ordinary people|people like us] [in the room|at the table] [when|where] "
    "[the big decisions|the rules] [are made|get made].",
]
TEMPLATES["diversity_seldom_heard"] += [
    "You'd have to go [to the places|to where] people [already|actually] [are|go], [the school "
    "gates|the bingo|the barber's], rather than expecting them to [come to you|find you].",
    "People who [can't read English well|don't use a computer] will be [left out|missed] unless "
    "[you plan for them|someone plans for it].",
    "[Homeless people|People sleeping rough] and [people in prison|prisoners] have health records"
    " [too|as well], but [nobody|no one] ever [asks them|thinks to ask them].",
]
TEMPLATES["stigma_sensitive_conditions"] += [
    "[There are things|There's stuff] in [my|anyone's] [notes|records] [I'd|that I'd] rather "
    "[nobody|no one] [else|outside the surgery] ever [saw|read].",
    "[Mental health|Sexual health] [records|notes] [should|ought to] [have|get] [their own|extra]"
    " [locks|protection], [separate|kept apart] from [the rest|everything else].",
]
TEMPLATES["stigma_labelling_groups"] += [
    "[Statistics|Numbers] [about|on] [our|my] [estate|town] have been [used against us|twisted to"
    " knock us] before, [so|and] I'm [wary|cautious].",
    "[Once|If] [an area|a community] [gets|is given] a [label|reputation], [it's|it is] "
    "[really|very] hard to [shake off|get rid of].",
]
TEMPLATES["accountability_sanctions_regulator"] += [
    "[Whoever|The body that] [checks|oversees] [it|this] [needs|has] [the power|the teeth] to "
    "[stop|shut down] [projects|a project] [overnight|on the spot].",
    "[Naming and shaming|Publishing the names of] [firms|organisations] [that|who] [break|broke] "
    "the rules [would|might] [work|do] [better|more] than [fines|a fine].",
    "[There|Somewhere] [has|needs] to be [an independent body|someone independent] "
    "[checking|inspecting] [it|them] [every year|regularly], [with|and with] [real|proper] "
    "powers.",
]
TEMPLATES["accountability_named_responsibility"] += [
    "[If|When] [it|something] [goes wrong|gets leaked], [I'd want|I want] [one|a single] "
    "[person|name] [who|that] [has to|must] [stand up|front up] and [explain|answer for it].",
    "[Too often|All too often] [it's|the answer is] [a faceless|some faceless] "
    "[committee|organisation], and [you|we] [never find out|never learn] who [actually|really] "
    "[decided|made the call].",
]

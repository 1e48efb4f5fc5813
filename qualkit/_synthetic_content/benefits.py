"""Topic 1, uses and benefits of linked data: what participants say, as templates.

Written by the qualkit authors. ``SUBCODES`` names each theme's sub-codes (as in the
codebook); ``TEMPLATES`` holds, per sub-code, sentence templates for
:class:`~qualkit._synthetic_content.compose.Composer`; ``SLOTS`` the topic's own slots.
"""

from __future__ import annotations

__all__ = ["THEMES", "SUBCODES", "TEMPLATES", "SLOTS"]

SUBCODES: dict[str, list[tuple[str, str]]] = {
    "efficiency": [("efficiency_duplication", "Avoiding duplicated tests and forms"),
                   ("efficiency_planning", "Planning resources and staff")],
    "prevention": [("prevention_early_detection", "Spotting problems early"),
                   ("prevention_out_of_hospital", "Care at home and in the community")],
    "communication": [("communication_handover", "Handover between services"),
                      ("communication_full_picture", "Clinicians seeing the full record")],
    "community": [("community_other_services", "Councils, police, schools and charities"),
                  ("community_local_need", "Understanding local need")],
}
THEMES: list[str] = list(SUBCODES)

SLOTS: dict[str, list[object]] = {
    "test": ["blood test", "scan", "X-ray", "ECG", "urine test", "blood pressure check",
             "hearing test", "MRI"],
    "form": ["form", "questionnaire", "medication list", "health history",
             "list of allergies", "registration form"],
    "staff": ["nurses", "receptionists", "GPs", "consultants", "care workers", "pharmacists",
              "physios", "admin staff"],
    "wait": ["waiting lists", "the waits for operations", "the waits at A and E",
             "the queues for scans", "waiting times"],
    "condition": ["diabetes", "heart failure", "COPD", "high blood pressure", "dementia",
                  "kidney problems", "asthma", "depression"],
    "charity": ["the food bank", "the carers' centre", "a lunch club", "the youth club",
                "a debt advice charity", "the community larder"],
    "service": ["the council", "housing", "the police", "the schools", "social services",
                "the fire service", "the food bank", "the carers' centre", "the job centre",
                "the youth service"],
}

TEMPLATES: dict[str, list[str]] = {
    "efficiency_duplication": [
        "I must have filled in the same {form} [{n} times|{n} or more times|over and over] [in "
        "one year|in a few months|in a single week], and [every time|each time] "
        "[somebody|someone] [had to type it all in again|typed it all in from scratch].",
        "{kin} had the same {test} [twice|done twice] [in a fortnight|in one month|the same week]"
        " because {place} couldn't see [the first one|the result from the surgery].",
        "[If|Surely if] the records [were|are] joined up, [nobody|no one] [would have|should "
        "have] to repeat a {test} [just|only] because [it was done|the result sits] somewhere "
        "else.",
        "[It|It just] drives me mad [being asked|when they ask] for my {form} [again|every single"
        " time] [when|and] [it's|they've got it] sitting [on a computer|in a system] [down the "
        "road|somewhere].",
        "All [those|the] [repeat|duplicate] appointments cost [money|a fortune], and [that's "
        "money|it's money] [that|which] [could go|could be spent] on [actual care|patients|the "
        "front line].",
        "[Every time|Each time] {kin} [goes into|is admitted to] hospital [they ask|{he} gets "
        "asked] [the same questions|for the same {form}] [from scratch|all over again], "
        "[which|and it] [wastes|takes up] [everybody's|the staff's] time.",
        "[What I'd like|The dream, really,] is to [tell|give] [your story|them your history] once"
        " and [have it follow you|then it goes with you] [around|everywhere].",
        "[There's|There must be] [so much|a huge amount of] [paperwork|form-filling] "
        "[that's|which is] [only|just] there because [the systems|the computers] don't talk.",
        "{someone} [spent|wasted] [a whole morning|an afternoon|two hours] [at|in] {place} "
        "waiting for a {test} {he}'d already had [done|] the week before.",
        "[Doing|Running] the [same|identical] {test} [twice|again] [isn't just|is not only] a "
        "waste of money, it's [stressful|horrible|no fun] [for the patient|for the person having "
        "it] as well.",
        "I [gave|handed over] my {form} [at|to] {place} [and then the consultant asked|only for "
        "the specialist to ask] for [it|the whole thing] again [a week later|the next day].",
        "If linking saves [us|them] [doing|repeating] things twice, [I'm all for it|I can't see "
        "the harm|that's a real saving].",
        "[You'd think|You would think] [by now|in this day and age] [they'd|they would] "
        "[stop|have stopped] [sending|asking] you [for the same thing|to bring the same letter] "
        "[twice|again and again].",
        "My [prescription|repeat prescription] [got|was] [sorted|checked] [three|two] separate "
        "times by different people [last month|recently], and [nobody|none of them] knew the "
        "others had done it.",
    ],
    "efficiency_planning": [
        "[If|Once] the planners [can see|know] where [the beds|the demand] [actually|really] "
        "[are|is], they [might|can] stop [building|putting] things in the wrong place.",
        "It [could|would] help them [plan|work out] [staffing|how many {staff} they need], "
        "[like|say] knowing there's a [rush|surge] of [older patients|chest infections] [every "
        "winter|each January].",
        "[Money's|Money is] tight [everywhere|for everyone], so [knowing|being able to see] where"
        " [it|the money] [goes|is going] [has to be|must be] [a good thing|sensible].",
        "They [could|might] spot which services [are hardly used|nobody uses] and [move|put] the "
        "money [into|towards] the ones with [queues|people queuing] out the door.",
        "[Honestly,|For me,] the [big|main] thing is {wait}, and if [linking|this] [brings them "
        "down|shortens them] even [a little|slightly] [then|] I'm for it.",
        "[I work in|I've worked in] [logistics|a warehouse|retail] and we [know|track] [exactly|]"
        " where every [box|parcel] is, so [it's baffling|I find it odd] [that|] the NHS "
        "[can't|doesn't] [track|see] [how long people wait|where patients go].",
        "[It sounds boring|It's not glamorous], but [knowing|understanding] where the "
        "[resources|staff] go is [probably|likely] where the [biggest|real] savings are.",
        "[If they|Once they] [know|can predict] [how many|roughly how many] people [will need|are"
        " going to need] a [new hip|knee operation|cataract done] [next year|in five years], they"
        " can [train|get] [the staff|the surgeons] [ready|in time].",
        "[My sister|A friend of mine] [is|works as] a practice manager, and [she|] says [half her"
        " week|most of her time] [goes on|is spent] [chasing|ringing round for] information "
        "[that|which] [already exists|another department already has].",
        "[Good|Proper] planning [needs|is impossible without] [decent|good] numbers, and [at the "
        "moment|right now] [it sounds like|I get the impression] [they're|they are] "
        "[guessing|working half blind].",
        "[I'm not against it|I'd support it] if it [genuinely|actually] frees up {staff} to [do "
        "their jobs|look after people] [rather than|instead of] [chase|chasing] paperwork.",
        "[You could|They could] [see|find out] [which|what] [clinics|appointments] are "
        "[missed|wasted] the most and [work out why|fix the reasons], [which|and that] "
        "[saves|would save] [a lot|a fortune].",
        "[Where|When] you've got [limited|finite] resources, you [need|have] to [know|be able to "
        "see] where [they'll|they will] do the most good.",
        "[Less|Fewer] people doing the same job in two [different|separate] buildings, "
        "[that's|that would be] [the hope|what I'd hope for], [anyway|really].",
    ],
    "prevention_early_detection": [
        "What [got me|struck me] was [catching|the idea of catching] [someone|people] before they"
        " end up in A and E, [that's|and that's] the [bit|part] I'd [support|get behind].",
        "If [they|someone] can see [that|] a person has had [a few|several|{n}] falls, "
        "[maybe|perhaps] a physio [visits|could visit] [them|] before it [turns into|becomes] a "
        "broken hip.",
        "{kin} [had|was diagnosed with] {condition} and [nobody|no one] [picked up|noticed] the "
        "warning signs until [it was|{he} was] [quite far along|really poorly], so [spotting it "
        "earlier|earlier spotting] [would|could] [really matter|make a big difference].",
        "[Could it|Would it] help with mental health, [like|say] noticing [that|when] [someone|a "
        "young person] [keeps turning up|keeps going back] [at|to] the GP and nothing's [being "
        "done|changing]?",
        "You [could|might] [see|spot] patterns, [like|such as] which [areas|streets|towns] have "
        "more {condition}, and [put|send] the screening [vans|teams] there.",
        "{someone} [has|had] a [son|daughter] who was picked up [early|really early] for a heart "
        "condition, and it [changed everything|made all the difference] for the family, so I've "
        "seen what [catching things early|early action] does.",
        "If the [data|records] [showed|flagged] [that|] [someone|a person] [had stopped|wasn't] "
        "[picking up|collecting] [their|] [prescriptions|medication], [somebody|a nurse] could "
        "[ring|check on] them before [things go wrong|it becomes a crisis].",
        "[Early diagnosis|Catching things early] [is cheaper|costs less] [as well|too], [so|which"
        " means] [it's|it would be] [good for everyone|a win all round].",
        "With {condition}, it [creeps up|sneaks up] on people, and [joined-up|linked] records "
        "[might|could] show the [signs|clues] [that|which] no single appointment would.",
        "[Young|New] mums [who|that] [miss|don't turn up for] their [checks|appointments] "
        "[could|might] get a [call|visit] [before|sooner, before] anything [serious|bad] happens.",
        "[If|Where] you've got [the GP's|GP] [notes|data] [and|alongside] the [pharmacy|hospital]"
        " [data|records], [surely|] you can [work out|see] who's [at risk|heading for trouble].",
        "[For me|Honestly], [the screening side|screening] is the [big one|obvious one], "
        "[because|since] [a lot of people|loads of people] [don't go|put off going] until it's "
        "[too late|serious].",
        "{kin} [ignored the symptoms|put off going to the doctor|kept quiet about the tiredness] "
        "for [months|ages], and [I wonder|I often wonder] [whether|if] [a nudge|a letter|a phone "
        "call] [would have|might have] [got {him} in|got {him} seen] sooner.",
    ],
    "prevention_out_of_hospital": [
        "I'd rather [the money|the funding] went on keeping people well [in the community|at "
        "home] than [on patching them up|fixing them] in hospital [afterwards|later].",
        "[Looking after|Caring for] people at home after an operation, [that seems like|that's] "
        "exactly where [joined-up|shared] information [would|could] help.",
        "Prevention is [always|usually] the [thing|first thing] [that|which] gets cut, so "
        "[having|showing] evidence [that it works|it pays off] [might|could] [protect|save] it.",
        "[I think of|I'm thinking of] {someone} who's on {his} own, and if the [council|social "
        "services] and the surgery [talked|spoke to each other] {he} [might|could] get a visit "
        "before a crisis.",
        "Care in the community only [works|works properly] if the district nurse knows what "
        "happened at the hospital, doesn't it?",
        "It's that old [saying|line] about prevention being better than cure, and [I genuinely|I "
        "really] [believe|think] it [here|applies here].",
        "When {kin_old} came home [from hospital|after {his} stroke], [nobody|no one] "
        "[came|visited] for [a week|ten days|days], [and|so] {he} [ended up|went] straight back "
        "in.",
        "If [the carers|the home carers] [knew|could see] what the hospital [knew|had written], "
        "they [could|would] [spot|notice] [when someone's going downhill|the early signs] at "
        "home.",
        "[Keeping older people in their own homes|Helping people stay independent] [for "
        "longer|longer] [is|has got to be] [better|kinder] [for them|] and [cheaper|less "
        "expensive] [for the NHS|for everyone].",
        "What about [pharmacies|chemists] [doing|taking on] more, if they could see [the "
        "record|your record] properly?",
        "[A lot of|So much] [hospital|A and E] [admissions|visits] [could be|are] "
        "[avoided|avoidable] if [there was|we had] [proper|better] [support|care] [at home|in the"
        " community].",
        "[Community|Local] [services|clinics] [need|would need] [the information|the full story] "
        "to [keep people|look after people] [out of hospital|at home] [properly|safely].",
        "{kin_old} [manages|copes with] {condition} [at home|on {his} own] [mostly|pretty well], "
        "but only because [the nurse|a nurse] [pops in|comes round] and knows [{his} "
        "history|what's going on].",
    ],
    "communication_handover": [
        "[The hospital|They] discharged {kin} and the GP [had no idea|didn't know] for [two "
        "weeks|a fortnight|ages], so [the services|they] [clearly|obviously] don't talk to each "
        "other.",
        "I'm [sick|tired] of being the messenger [between departments|between services], carrying"
        " [letters|bits of paper] from one place to [another|the next].",
        "When {child} [moved|went] from children's services to adult services, everything [just|]"
        " fell through the gap, [and|] nobody passed anything on.",
        "{someone} has a carer who [has to|ends up having to] [phone|ring] around for hours "
        "because the [different|various] agencies keep [separate|their own] records.",
        "[Things like|It's things like] hospital letters arriving after the follow-up "
        "[appointment|has happened], that's the sort of thing linking [could|should] sort out.",
        "[If|When] you move [house|to a new area] [and change|and switch] GP, [your notes|your "
        "records] [take|can take] [months|forever] to [follow you|catch up].",
        "[I had to|I ended up having to] [take|carry] [a copy of|] my own [scan|test] "
        "[results|report] [across town|from one hospital to another] [on a memory stick|in a "
        "carrier bag], which [is|seemed] [ridiculous|crazy] [these days|in this day and age].",
        "[The gap|The handover] between hospital and [social care|the care home] [is where|is "
        "exactly where] things [go wrong|get lost], [from what I've seen|in my experience].",
        "[Nobody told|No one let] the [pharmacy|chemist] know [that|] the hospital [had "
        "changed|stopped] {kin}'s [tablets|medication], so {he} [kept getting|was still getting] "
        "the old ones.",
        "[Every|Each] time {child} [sees|gets passed to] a [new|different] team, [I|we] have to "
        "[start|explain everything] from the beginning [again|all over again].",
        "[The school nurse|Schools] and the GP [should|ought to] [share|be able to share] [what "
        "they know|information], [or|otherwise] kids [slip|will slip] through the net.",
        "[Out of hours|At the weekend], the [doctor|locum] had none of [my|{kin}'s] notes, so [he"
        " was|they were] [basically|more or less] guessing.",
    ],
    "communication_full_picture": [
        "If the paramedics could see my allergies when they [turn up|arrive], that [could|might] "
        "[literally|actually] save my life.",
        "You tell your story to the receptionist, then the nurse, then the doctor, and "
        "[then|after that] the specialist asks the same questions [again|all over again].",
        "I'd like the social worker and the mental health team to be reading from the same page "
        "for once.",
        "My experience is that the pharmacy never knows when the hospital has changed a "
        "prescription.",
        "It would be [reassuring|a comfort] to know that whoever I see has the [full|whole] "
        "picture and not just [a bit|a slice] of it.",
        "Better sharing between teams [means|should mean] fewer mistakes, like being given two "
        "lots of the same medicine.",
        "{kin} [has|is on] [about|something like] [ten|twelve|fifteen] different "
        "[tablets|medicines], and [no one doctor|no single doctor] [seems to know|knows] about "
        "all of them.",
        "[If|When] you're [unconscious|too ill to talk], [somebody|someone] [needs|has] to know "
        "your [history|{records}] [without asking you|straight away].",
        "[I'd feel safer|I'd be happier] [knowing|if I knew] the [consultant|doctor] [could "
        "see|had seen] what [my GP|the GP] [wrote|has written] [over the years|about me].",
        "[The mental health side|Mental health] [and the physical side|and physical health] "
        "[never seem to|don't seem to] [connect|join up], [and|but] they're [obviously|clearly] "
        "[linked|connected].",
        "[When|Whenever] {kin_old} [goes|is taken] into hospital with {his} dementia, [I|we] "
        "[have to|end up having to] [explain|tell them] [everything|{his} whole history] "
        "[because|as] [they|the ward] [can't see|don't have] [the care plan|{his} notes].",
        "Having [everything|all of it] in one [place|view] [means|would mean] doctors could [join"
        " the dots|see the pattern] [that|which] nobody else [would|could].",
    ],
    "community_other_services": [
        "It's not just the NHS, is it, the council and the police and housing could all "
        "[benefit|do better] if they understood their area [better|properly].",
        "[Maybe|Perhaps] the data [could|would] show that damp housing is making [kids|children] "
        "ill, and then the council might actually [fix|do something about] the housing.",
        "I can see it helping the voluntary groups too, {charity} [and|or] {charity}, if they "
        "knew where the need was.",
        "[I'm thinking of|What about] the schools? If they knew which families were under "
        "pressure, they could offer support [earlier|sooner].",
        "If it helps the fire service find [elderly|older] people living alone, that's a benefit "
        "to everybody.",
        "[Public health people|The public health team] could plan things like cycle lanes or "
        "green spaces [based on|around] where people are struggling.",
        "{service} and {service} [must|probably] see the same families, [but|and yet] they don't "
        "[compare notes|talk to each other], do they?",
        "[If|When] [the police|officers] [pick up|deal with] [somebody|someone] in a mental "
        "health crisis, [it would help|it'd be better] [if they knew|to know] [who|which team] "
        "[already|] [looks after them|supports them].",
        "[Housing|The housing people] [could|might] [prioritise|move up] [people|families] whose "
        "[health|kids' health] [is suffering|is being made worse] because of [where they "
        "live|their housing].",
        "[Charities|Small charities] [round here|locally] [run on|work on] [a shoestring|next to "
        "nothing], so [good|proper] [information|evidence] [would help|could help] them [bid "
        "for|get] [funding|grants].",
        "[I volunteer|I help out] at {charity}, and we never really know who's [coming|going to "
        "turn up] or why.",
    ],
    "community_local_need": [
        "I live [on the coast|in one of the villages|on an estate|in a small town], and we've got"
        " [real|proper] pockets of [deprivation|poverty] that don't show up in the county "
        "averages.",
        "The benefit should come back to the local area, to the [towns|places] where the data "
        "comes from.",
        "Transport is a big one {area}, [people|folk] miss appointments because the buses don't "
        "go anywhere near the hospital.",
        "It could be used for research into why some villages have worse [outcomes|health] than "
        "others just down the road.",
        "I like the idea that it helps the whole community and not just one "
        "[organisation's|department's] budget.",
        "My worry about the rural areas is [that|] they get forgotten, so evidence about them "
        "[could|might] bring services out there.",
        "{area}, [you've got|there's] [huge|massive] differences [between one street and the "
        "next|from one end of town to the other], and [the averages|the figures] [hide that|cover"
        " all that up].",
        "[Seaside|Coastal] towns [like ours|like mine] [have|get] [a lot of|loads of] [older "
        "people|people retiring] [and|but] [not enough|too few] [services|GPs] [for them|to "
        "match].",
        "[If|Once] [they|the council] [could see|knew] [where people are struggling|which areas "
        "need help] [most|the most], [they|it] [could|might] [put the money where it's "
        "needed|target the services properly].",
        "[We've|We have] [got|] [a lot of|quite a few] [families|people] {area} [who|that] [don't"
        " speak English|have just arrived], and [nobody|no one] [seems to|really] [plan|account] "
        "for [them|what they need].",
        "[The numbers|Data like this] [could|would] [show|prove] what [we've|we have] [been "
        "saying|known] [for years|all along] about [our area|this area], that [we've|we have] "
        "been [left behind|overlooked].",
        "[Local|Our] [GPs|surgeries] [are|seem] [stretched|overwhelmed], and [maybe|perhaps] this"
        " [would|could] [show|explain] [why|where the pressure comes from].",
    ],
}


# more ways of saying the often-heard points, so that no wording wears thin
TEMPLATES["prevention_early_detection"] += [
    "[Blood pressure|Cholesterol] [checks|tests] [that|which] [show|showed] [a pattern|it "
    "creeping up] [over years|year on year] [could|might] [trigger|prompt] [a call|an invite] "
    "[before|ahead of] [a stroke|a heart attack].",
    "[If|When] [the pharmacy|the chemist] [sees|notices] [someone|a person] buying "
    "[painkillers|cough medicine] [week after week|every week], [maybe|perhaps] [that's|that "
    "should be] a [flag|sign] for the GP.",
    "[Kids|Children] [who|that] [keep|keep on] [turning up|coming in] with [injuries|bumps and "
    "bruises] [at different hospitals|in different places] [would|might] [get spotted|be picked "
    "up] [sooner|earlier].",
    "[Spotting|Picking up] [dementia|memory problems] [early|sooner] [gives|would give] "
    "[families|people] [time|a chance] to [plan|get things in order], [which|and that] "
    "[matters|means a lot].",
]
TEMPLATES["community_local_need"] += [
    "[Our|My] [town|area] [has|has got] [one|a single] [GP surgery|surgery] for [thousands|far "
    "too many] [of people|people], [and|so] [the data|numbers like this] [might|could] "
    "[prove|show] [it|that].",
    "[The|Those] [new|big] [housing estates|developments] [going up|being built] [round "
    "here|everywhere] [have|come with] [no|hardly any] [extra|new] [doctors|services], [so "
    "planners need|and somebody needs] to [see|know] that.",
    "[Rural|Village] [bus|transport] [cuts|changes] [hit|affect] [older people|people without "
    "cars] [hardest|the most], [and|but] [nobody|no one] [links|connects] [that|it] [to|with] "
    "[missed|cancelled] [appointments|check-ups].",
]

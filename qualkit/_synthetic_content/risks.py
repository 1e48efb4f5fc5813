"""Topic 2, linking, protecting and the risks: what participants say, as templates.

Written by the qualkit authors; layout as in :mod:`.benefits`.
"""

from __future__ import annotations

__all__ = ["THEMES", "SUBCODES", "TEMPLATES", "SLOTS"]

SUBCODES: dict[str, list[tuple[str, str]]] = {
    "accuracy": [("accuracy_errors", "Errors in records and mismatches"),
                 ("accuracy_missing_people", "People and history missing from the data")],
    "breaches": [("breaches_cyber_attack", "Hacking and cyber attack"),
                 ("breaches_insider_misuse", "Insider misuse and careless loss"),
                 ("breaches_reidentification", "Being identified from the data")],
    "governance": [("governance_access_rules", "Rules on who may access data"),
                   ("governance_oversight_penalties", "Oversight, audit and penalties")],
    "commercial": [("commercial_selling_on", "Data sold on to companies"),
                   ("commercial_insurance_employers", "Insurers and employers"),
                   ("commercial_public_return", "Return to the public from commercial use")],
}
THEMES: list[str] = list(SUBCODES)

SLOTS: dict[str, list[object]] = {
    "mistake": ["says I smoke when I gave up years ago", "has the wrong date of birth",
                "lists an allergy I haven't got", "still has my old address",
                "says I'm on tablets I stopped ages ago",
                "has me down as diabetic when I'm not", "has the wrong blood group"],
    "missed": ["homeless people", "travellers", "people who never see a doctor",
               "sex workers", "people who aren't registered with a GP", "asylum seekers",
               "young men who avoid doctors", "people who pay to go private"],
    "firm": ["insurance companies", "drug companies", "the big tech firms",
             "marketing companies", "data brokers", "private healthcare firms",
             "credit agencies"],
    "villain": ["hackers", "criminals", "scammers", "foreign governments",
                "blackmailers"],
    "who": ["researchers", "the police", "the council", "civil servants", "the government",
            "immigration", "private companies", "universities"],
}

TEMPLATES: dict[str, list[str]] = {
    "accuracy_errors": [
        "My [GP record|record] {mistake}, so I do wonder how [accurate|reliable] any of this "
        "[is|is going to be].",
        "If the data going in is [rubbish|wrong], then the decisions coming out [will be|are "
        "going to be] [rubbish|wrong] too.",
        "My surname was spelt wrong at {place}, and for a while they had me down as two different"
        " people.",
        "I worry that a mistake in one system gets copied into all the others once "
        "[they're|everything's] linked.",
        "Who checks that the right person's notes are being joined together? That's what I'd want"
        " to know.",
        "A lot of what the GP writes is shorthand, and I'm not sure a computer reads it the way a"
        " doctor would.",
        "I once [got|saw] a letter about my appointment that had somebody else's [blood "
        "results|test results] in it.",
        "It only takes one wrong date of birth and suddenly you're matched with a "
        "[stranger|complete stranger].",
        "I'd want to be able to see my own record and [correct|fix] it before it goes off "
        "anywhere.",
        "{kin}'s [notes|record] {mistake_third}, and it took [months|forever] to get it "
        "[changed|put right].",
        "[Mistakes|Errors] [happen|creep in] [all the time|every day] with [typing|data entry], "
        "[that's|it's] [just|only] human, [so|and] [the more|once] you [link|join], the "
        "[more|further] they [spread|travel].",
        "[How would|Would] [anyone|they] [even|] know if [two records|the records] [got|had been]"
        " [joined up wrongly|mixed up]?",
        "[Coding|The way things are coded] [is|can be] [really|very] [inconsistent|hit and miss],"
        " [one surgery|one doctor] [puts|writes] one thing and [another|the next] [puts|writes] "
        "something else.",
        "[When the records are wrong, the research built on them|If the information is out of "
        "date, any study built on it] [is|will be] [wrong|skewed] too, surely.",
    ],
    "accuracy_missing_people": [
        "[What about|And what about] people who never go to the doctor? They just won't be in it "
        "at all.",
        "The [homeless people|rough sleepers] I [volunteer with|help out with] hardly appear in "
        "any records, so the picture will be skewed.",
        "Some communities don't register with a GP, so they'll be missing and the services won't "
        "be planned for them.",
        "Old paper notes never made it onto the computer, so a [chunk|big chunk] of my history "
        "just isn't there.",
        "{missed} [won't show up|aren't going to show up|barely appear] in [the data|any of "
        "this], so [whatever|anything] [they|you] [plan|build] [will|is going to] [miss "
        "them|leave them out] [again|as usual].",
        "[I go|I've always gone] private for [most things|my physio|my dental stuff], so [half|a "
        "lot] of my [history|medical history] [wouldn't|won't] [even|] be [in there|in it].",
        "[Men|Blokes] [my age|like me] [just|] don't go to the doctor [unless|until] [something "
        "falls off|it's an emergency], so [we'd|we'll] [barely|hardly] [show up|register].",
        "[The data|It] [only|just] [shows|tells you about] people who [use|turn up to] services, "
        "[not|and not] [the ones|people] who [need them and don't|can't get there].",
        "When {kin} moved [here|down here] from [abroad|Scotland|Wales], [nothing|none of {his} "
        "history] came with {him}, [so|and] {his} record [starts|only starts] [from then|when "
        "{he} arrived].",
        "[There are|You've got] [whole|entire] [groups|communities] [who|that] [don't trust|steer"
        " clear of] [the NHS|doctors], [so|and] [they'll|they'd] [be invisible|disappear] in [the"
        " data|the figures].",
        "[Missing data is|Gaps in the data are] [|] [worse|more dangerous] than [wrong "
        "data|mistakes], [because|as] [nobody|no one] [knows|notices] [it's not there|what isn't "
        "there].",
    ],
    "breaches_cyber_attack": [
        "You hear about {villain} getting into hospital systems, and that [really|genuinely] "
        "[frightens|scares] me.",
        "Remember when the NHS computers were hit by that [ransomware|virus], "
        "[operations|appointments] were cancelled all over the place?",
        "The more places the data is joined up, the bigger the prize for anyone who wants to "
        "steal it.",
        "{someone} works in IT and [says|reckons] no system is completely secure, [it's|it is] "
        "only a question of when.",
        "If it's all in one big database, doesn't that make it one big target?",
        "They say it's encrypted, but I [honestly|really] don't know what that means in practice.",
        "[Hospitals|NHS trusts] [aren't|are not] [exactly|] known for [up-to-date|modern] "
        "computers, [are they|let's be honest], [half|some] of them [still|] [run|use] "
        "[ancient|old] [software|systems].",
        "[I'd want|I'd like] [to know|reassurance] [that|] [the security is|the firewalls are] "
        "[tested|checked] [regularly|properly] by [someone|people] [independent|outside the NHS].",
        "[Once|If] {villain} get in, [there's nothing|there'd be nothing] you [can|could] do [to "
        "get it back|about it].",
        "[Banks|Big companies] [get|have been] hacked, and they spend [millions|a fortune] on "
        "security, so what [chance|hope] has the [NHS|council] got?",
        "[My worry|What worries me] [isn't|is not] [the idea|linking] itself, [it's|it is] [the "
        "thought of|] [one|a single] [weak spot|weak link] [letting {villain} into "
        "everything|giving {villain} access to the lot].",
    ],
    "breaches_insider_misuse": [
        "I'm less worried about hackers than about someone on the inside having a nosy look at "
        "their neighbour's records.",
        "Someone left a laptop on a train once with thousands of patients' details on it, so it's"
        " not only hackers.",
        "Somebody at my old job emailed a spreadsheet of staff [sickness|absences] to the wrong "
        "person, and that was just a small firm.",
        "[In|Where I live, in] a small [village|town], [everyone|everybody] knows "
        "[everyone|everybody], [and|so] [the receptionist|the girl on reception] [might|could] "
        "[be|well be] [your cousin|your neighbour|someone you went to school with].",
        "{someone} [found out|discovered] that [somebody|a member of staff] had [looked at|been "
        "into] {his} [records|notes] [for no reason|just out of curiosity], and nothing [really|]"
        " happened to them.",
        "[It's|Most of the time it's] [human error|carelessness], [isn't it|really], "
        "[people|someone] [sending|sending off] the wrong [attachment|file] or [leaving|losing] a"
        " [memory stick|laptop].",
        "[The people|Staff] [inside|who work there] [are|would be] the [real|biggest] [risk|weak "
        "point], [not|rather than] some [hacker|genius] [in another country|abroad].",
        "[I've seen|I've watched] [people|colleagues] [leave|leaving] [screens|computers] "
        "[unlocked|logged in] [at work|on reception], so I know how easily things [can|could] go "
        "wrong.",
        "[Every|Each] time someone [opens|looks at] a record, it [should|ought to] be "
        "[logged|recorded], so [nosy|curious] [staff|people] [know|realise] they'll [get "
        "caught|be found out].",
        "[Paper|Printed] [records|lists] [left|dumped] in [a skip|a bin|a car park], "
        "[that's|it's] [happened|been in the news] [round here|more than once], [honestly|you "
        "know].",
    ],
    "breaches_reidentification": [
        "Even if they take the names off, I've read that you can work out who somebody is from "
        "their postcode and age.",
        "Once it's leaked you can't get it back, that's what [bothers|worries] me most.",
        "In a small village everyone knows everyone, so even a little bit of information could "
        "identify you.",
        "I'd like to know what happens after a leak, whether anybody actually [gets|is] told.",
        "It's the scam phone calls I think about, criminals using your health details to sound "
        "convincing.",
        "[If you've got|With] a rare condition [like|such as] {kin}'s, it [wouldn't|doesn't] take"
        " [a genius|much] to [work out|figure out] who [it is|{he} is].",
        "[Anonymous|Anonymised] [isn't|is not] [really|] anonymous [if|when] you [can|could] "
        "[join|put] [it|the records] [together|back together] [with|alongside] [everything "
        "else|social media].",
        "[Take|If you take] my [street|road], there's [only|just] one person [my age|of my age] "
        "with my [condition|illness], so [it'd|it would] [be obvious|point straight at me].",
        "[They|People] [say|keep saying] [it's|the data's] [de-identified|pseudonymised], "
        "[but|and yet] [I've read|you read] about [journalists|researchers] [working out|finding "
        "out] who people are [from|using] [just a few|three or four] details.",
        "[Once|If] [my name|your name] [is|gets] [attached|linked back] to [something|a "
        "diagnosis] [like|such as] [mental health|a miscarriage], [you can't undo that|I could "
        "never take it back].",
        "[Swapping names for codes is|The codes are] all very well, but who [exactly|] holds the "
        "key that [turns them back into names|links them back to people]?",
    ],
    "governance_access_rules": [
        "There have to be rules about who is allowed to look at it and [for what reason|why].",
        "I'd want an independent panel that says yes or no to each request, not the people who "
        "want the data.",
        "I'd feel better if the researchers only got what they need and not the whole lot.",
        "[My concern is|I'd be worried about] the police or immigration getting hold of it, so "
        "there need to be clear limits.",
        "It should be kept in a secure environment where nobody can download it onto their own "
        "laptop.",
        "I'd like a time limit on how long they keep it, [it shouldn't|it mustn't] just sit there"
        " forever.",
        "The opt-out has to actually work, and be easy to find, not buried on page forty of a "
        "website.",
        "[Should|Would] {who} be [allowed|able] to [ask for|get at] it? [|] [I'd|I would] "
        "[want|expect] [a firm no|a clear answer] [on that|there].",
        "[Access|Who sees what] [should|needs to] [depend on|be based on] [the job|what you're "
        "doing], [so|] [a researcher|someone studying {condition_r}] [doesn't|shouldn't] "
        "[need|get] [my whole record|everything about me].",
        "[Different|Some] [kinds of|types of] [data|information], [mental health|sexual health] "
        "[say|for instance], [should|ought to] [need|have] [a higher bar|extra permission] "
        "[before anyone sees it|before it's shared].",
        "[Rules|Clear rules] [written down|on paper] [in advance|beforehand], [that's|that is] "
        "what [I'd|I would] [want|expect], [not|rather than] [deciding|making it up] [case by "
        "case|as they go along].",
        "{who} [shouldn't|should never] [be able|be allowed] to [dip into|fish around in] "
        "[it|this] [just|] [because|when] [it suits them|they feel like it].",
    ],
    "governance_oversight_penalties": [
        "What happens if a future government decides to use it for something completely "
        "different?",
        "There should be proper penalties if somebody breaks the rules, not just a slap on the "
        "wrist.",
        "There needs to be some kind of audit trail, so you can see who accessed what and when.",
        "The safeguards have to be written down and published, otherwise how would we know they "
        "exist?",
        "Rules are only any good if someone checks [they're|they are] being followed.",
        "And if the rules change later, there should be a proper consultation rather than "
        "slipping it through.",
        "[And|But] who [actually|] [checks|audits] the [checkers|people doing the checking]?",
        "[Spot checks|Random checks] [would|might] [help|be good], [like|the way] they do [with "
        "restaurants|for food hygiene], where nobody knows when [they're coming|the inspector's "
        "coming].",
        "[Fines don't|A fine doesn't] [mean much to|bother] [a big organisation|the NHS], "
        "[it's|that's] [just|only] [public money|our money] [going round in a circle|moving "
        "about].",
        "[It needs|There needs to be] [someone|a body] [outside|independent of] [the NHS|the "
        "people using it] [keeping an eye|checking up] on [it|them] [regularly|every year].",
        "[If|When] [a rule gets|the rules get] broken, [we|the public] [should|ought to] [hear "
        "about it|be told], not [find out|read about it] [years later|in the papers].",
    ],
    "commercial_selling_on": [
        "My biggest fear is that it ends up being sold to {firm}.",
        "I don't trust {firm}, [they'd use it|they'd only use it] to sell us things.",
        "What's to stop the data being sold on to somebody else, and then somebody else after "
        "that?",
        "It feels like our information is being treated as a product, and we're not the ones "
        "getting paid.",
        "There was that business about a hospital sharing patient records with a tech company, "
        "and nobody had been asked.",
        "I worry about the NHS being sold off bit by bit, and the data going along with it.",
        "[Marketing|Advertising] [people|companies] would love this sort of thing, and I don't "
        "want adverts based on my health.",
        "Profit shouldn't come into it at all, as far as I'm concerned.",
        "[Once|If] [it's|the data's] in [a company's hands|a private company's system], who [on "
        "earth|] knows where it'll end up?",
        "[The word|Hearing the word] [commercial|private] [makes me go cold|makes my heart sink],"
        " [to be honest|if I'm honest].",
        "{firm} [would pay a fortune for|could spend millions on] [this|something like this], "
        "[and|so] that's exactly why [I|we] [should|need to] [worry|be careful].",
        "[Companies|Firms] [get|are] [bought|taken over] [all the time|constantly], so [even|] "
        "[if|when] [you trust|the NHS trusts] [the first one|one company], [the data|it] [ends "
        "up|could end up] [somewhere else|with whoever buys them].",
    ],
    "commercial_insurance_employers": [
        "I can imagine an employer wanting to know about your mental health before they hire you.",
        "Insurance premiums going up because of something in your records, that's the thing that "
        "would stop me sharing.",
        "What if my [life insurance|travel insurance|mortgage] [went up|got refused] "
        "[because|just because] of [something|a condition] [in my notes|on my record]?",
        "{kin} [was|got] [turned down|refused] for [insurance|cover] [once|years ago] because of "
        "{his} [heart|history], and [this|linking] [would|could] make [that|things like that] [so"
        " much|even] [easier|more common].",
        "[Employers|Bosses] [ask|want to know] [too much|a lot] [as it is|already], [I'd hate|I "
        "wouldn't want] them [seeing|to see] [my|anyone's] [sick notes|health history].",
        "[In America|Over in the States], [your|people's] health [decides|affects] [what|how "
        "much] [you pay|insurance costs], and I [don't want|wouldn't want] [us|that] [going|to "
        "go] [that way|down that road].",
        "[I wouldn't|I'd never] want [an insurer|a company] [guessing|working out] [my risk|how "
        "long I'll live] [from|based on] [my|our] [GP records|data].",
    ],
    "commercial_public_return": [
        "If a drug company makes millions out of our data, the NHS should get something back.",
        "I'm not completely against companies using it if it leads to new treatments, but not for"
        " pure profit.",
        "If private companies are involved, I'd want it written into the contract what they can "
        "and can't do.",
        "[If|When] [a firm|a company] [develops|makes] [a drug|a treatment] [using|from] [our "
        "data|NHS data], [the NHS|we] [should|ought to] [get it|be able to buy it] [cheaper|at "
        "cost].",
        "[The money|Any money] [they make|made from it] [should|ought to] [go back|be ploughed "
        "back] into [the NHS|local services], [rather than to shareholders|not into someone's "
        "pocket].",
        "[Companies|Private firms] are [often|usually] the ones who actually [make the "
        "medicines|turn research into new drugs], so I'm not [totally|completely] against "
        "[it|them being involved].",
        "[There's|There is] [a difference|a big difference] [between|between a company] "
        "[curing|developing a cure for] [something|cancer] and [a company|one] [selling|flogging]"
        " [us|people] [stuff|things] [we don't need|off the back of it].",
        "[We|The public] [should|ought to] [share|get a share] in [the profits|any profits] "
        "[if|when] [there are any|it makes money], [it's|that's] [only fair|common sense].",
    ],
}

#: wrong entries said of somebody else (third person)
SLOTS["mistake_third"] = [
    "still said {he} smoked", "had the wrong date of birth on it",
    "listed an allergy {he} hasn't got", "had {him} on tablets {he}'d stopped",
    "had {his} old address", "mixed {him} up with someone else",
]
SLOTS["condition_r"] = ["diabetes", "asthma", "heart disease", "dementia", "back pain"]


# more ways of saying the often-heard points, so that no wording wears thin
TEMPLATES["accuracy_missing_people"] += [
    "[People|Folk] [who|that] [move around a lot|keep moving], [like|such as] [students|seasonal "
    "workers], [probably|must] end up with [bits of their record|records] [all over the "
    "place|scattered everywhere].",
    "If you only ever use [the walk-in centre|A and E], does that even [show up|count] on your "
    "[GP record|record]?",
    "[The|Any] [picture|findings] [will|would] [be|end up] [lopsided|skewed] [towards|in favour "
    "of] [people|those] [who|that] [already|] [use|get] [services|care] [the most|a lot].",
]
TEMPLATES["governance_access_rules"] += [
    "[There|Somewhere there] [should|ought to] be [a|one] [clear|simple] [list|rule book] of "
    "[what's allowed and what isn't|which uses are allowed and which aren't].",
    "[Researchers|The researchers] [should|ought to] [only|] [see|get] [what they actually "
    "need|the bits their project needs], [not|and not] [a blank cheque|free run of everything].",
    "[Access|Permission] [should|ought to] [run out|expire] [after|at the end of] [the project|a "
    "fixed time], [so|and then] [nobody|no one] [keeps|is left holding] [it|the data] "
    "[forever|for years].",
]
TEMPLATES["commercial_insurance_employers"] += [
    "[A|One] [job interview|interview] [where|in which] they [already|somehow] [knew|know] about "
    "my [depression|back problems] [would be|would feel] [a nightmare|awful].",
    "[Insurers|Insurance firms] [would|will] [pay|give] [anything|a fortune] for [this|that kind "
    "of] [information|detail], [and|so] that's [exactly|precisely] why they [mustn't|shouldn't] "
    "[get|have] it.",
    "[Employers|Companies] [checking|looking at] [health records|people's health] [before "
    "hiring|when they hire] [someone|staff] [would|could] [push|shut] [people|folk] out of work.",
]
TEMPLATES["governance_oversight_penalties"] += [
    "[I'd want|I'd like] [an outside|an independent] [auditor|inspector] to [go through|look at] "
    "[the logs|who's accessed what] [every year|once a year], [and|then] [publish|report] what "
    "[they find|they found].",
    "[A code of conduct is|Rules on paper are] [no use|worthless] if [nobody|no one] ever gets "
    "[punished|disciplined] for [breaking|ignoring] the rules.",
    "[The people|Whoever is] [checking|overseeing] [it|the data] [shouldn't|mustn't] [be|work "
    "for] [the same|the very same] [organisation|people] [using|that's using] it.",
    "[Penalties|Punishments] [need|have] to [hurt|sting], [otherwise|or] [it's|it is] [just|only]"
    " [a cost of doing business|the price of doing business] [for|to] [the big firms|companies].",
]
TEMPLATES["breaches_reidentification"] += [
    "[My age|My job], [my postcode|my street] and [one|a single] [hospital visit|diagnosis] "
    "[would|could] [be|probably be] [enough|plenty] to [pick me out|single me out], [I'd have "
    "thought|I reckon].",
    "[Once|When] [two|a couple of] [data sets|databases] [are|get] [joined|matched], [the "
    "chances|the odds] of [someone|somebody] [being recognised|being identified] [go up|must go "
    "up], [surely|don't they]?",
    "[Rare|Unusual] [jobs|conditions] [stick out|stand out] [a mile|straight away] in "
    "[small|little] [places|villages], [so|and] [anonymous|nameless] [doesn't|wouldn't] "
    "[mean|count for] [much|a lot].",
]
TEMPLATES["breaches_insider_misuse"] += [
    "[Staff|People at work] [get|are] [nosy|curious], [it's|that's] [human nature|only natural], "
    "so the system [has to|needs to] [catch|stop] [them|people] before [they look|it happens].",
    "[Someone|A member of staff] [with a grudge|who's been sacked] [could|might] [do|cause] [a "
    "lot of|real] damage [with|if they had] [access|that kind of access].",
    "[Losing|Leaving] [a memory stick|a laptop|a folder] [on a bus|in a pub|on the train] "
    "[happens|has happened] [more than anyone admits|far more often than people like to admit].",
]
TEMPLATES["breaches_cyber_attack"] += [
    "[Every|Each] [week|month] [there's|you read about] [another|a new] [company|firm] [that's "
    "been|getting] hacked, [so|and] [why|how] [would|could] [the NHS|a hospital] be [any "
    "different|immune]?",
    "[The criminals|Hackers] [are|seem] [always|forever] [one step|a step] ahead, [that's|that "
    "is] [my|the] [worry|fear], [however good the security is|no matter how clever the systems "
    "are].",
]
TEMPLATES["commercial_public_return"] += [
    "[If|When] [our data|NHS data] [helps|goes into] [a new drug|a breakthrough], [the "
    "profits|some of the money] [should|ought to] [come back|go back] [to|into] the NHS.",
    "[A|Some kind of] [deal|agreement] [where|so that] [the public|patients] [get|share in] "
    "[something back|the benefits] [seems|sounds] [only fair|fair enough] [to me|].",
    "[I'm|I'd be] [fine|okay] with [companies|firms] [being involved|taking part] [as long as|if]"
    " [the benefit|what comes out of it] [comes back|goes back] to [patients|the public].",
]

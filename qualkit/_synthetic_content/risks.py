"""Topic 2, linking, protecting and the risks (synthetic sentences)."""

from __future__ import annotations

__all__ = ["THEMES", "SUBCODES"]

THEMES: dict[str, list[str]] = {
    "accuracy": [
        "My records still say I smoke and I gave up fifteen years ago, so I do wonder how accurate any of this is.",
        "If the data going in is rubbish then the decisions coming out will be rubbish too.",
        "Er, what about people who never go to the doctor, they just won't be in it at all.",
        "My surname was spelt wrong at the hospital and for a while they had me down as two different people.",
        "I worry that a mistake in one system gets copied into all the others once they're linked.",
        "The homeless people I volunteer with hardly appear in any records, so the picture will be skewed.",
        "Who checks that the right person's notes are being joined together, that's what I'd want to know.",
        "A lot of what the GP writes is shorthand, and I'm not sure a computer reads it the way a doctor would.",
        "Some communities don't register with a GP, so they'll be missing and the services won't be planned for them.",
        "I once saw a letter about my appointment that had somebody else's blood results in it.",
        "Hmm, it only takes one wrong date of birth and suddenly you're matched with a stranger.",
        "I'd want to be able to see my own record and correct it before it goes off anywhere.",
        "Old paper notes never made it onto the computer, so a chunk of my history just isn't there.",
    ],
    "breaches": [
        "You hear about hackers getting into hospital systems, and that really frightens me.",
        "Remember when the NHS computers were hit by that ransomware, operations were cancelled all over the place.",
        "The more places the data is joined up, the bigger the prize for anyone who wants to steal it.",
        "I'm less worried about hackers than about someone on the inside having a nosy look at their neighbour's records.",
        "My cousin works in IT and he says no system is completely secure, it's only a question of when.",
        "Um, if it's all in one big database, doesn't that make it one big target?",
        "Someone left a laptop on a train once with thousands of patients' details on it, so it's not only hackers.",
        "Even if they take the names off, I've read that you can work out who somebody is from their postcode and age.",
        "Once it's leaked you can't get it back, that's what bothers me most.",
        "Somebody at my old job emailed a spreadsheet of staff sickness to the wrong person, and that was just a small firm.",
        "In a small village everyone knows everyone, so even a little bit of information could identify you.",
        "I'd like to know what happens after a leak, whether anybody actually gets told.",
        "It's the scam phone calls I think about, criminals using your health details to sound convincing.",
        "They say it's encrypted but I honestly don't know what that means in practice.",
    ],
    "governance": [
        "There have to be rules about who is allowed to look at it and for what reason.",
        "I'd want an independent panel that says yes or no to each request, not the people who want the data.",
        "What happens if a future government decides to use it for something completely different?",
        "Er, there should be proper penalties if somebody breaks the rules, not just a slap on the wrist.",
        "I'd feel better if the researchers only got what they need and not the whole lot.",
        "There needs to be some kind of audit trail, so you can see who accessed what and when.",
        "The safeguards have to be written down and published, otherwise how would we know they exist?",
        "My concern is the police or immigration getting hold of it, so there need to be clear limits.",
        "It should be kept in a secure environment where nobody can download it onto their own laptop.",
        "Rules are only any good if someone checks they're being followed.",
        "I'd like a time limit on how long they keep it, it shouldn't just sit there forever.",
        "And if the rules change later, there should be a proper consultation rather than slipping it through.",
        "The opt-out has to actually work, and be easy to find, not buried on page forty of a website.",
    ],
    "commercial": [
        "My biggest fear is that it ends up being sold to insurance companies.",
        "If a drug company makes millions out of our data, the NHS should get something back.",
        "I don't trust the big tech firms, they'd use it to sell us things.",
        "Hmm, I'm not completely against companies using it if it leads to new treatments, but not for pure profit.",
        "What's to stop the data being sold on to somebody else, and then somebody else after that?",
        "I can imagine an employer wanting to know about your mental health before they hire you.",
        "It feels like our information is being treated as a product, and we're not the ones getting paid.",
        "There was that business about the hospital sharing patient records with a tech company, and nobody had been asked.",
        "Insurance premiums going up because of something in your records, that's the thing that would stop me sharing.",
        "If private companies are involved I'd want it written into the contract what they can and can't do.",
        "Er, I worry about the NHS being sold off bit by bit, and the data going along with it.",
        "Marketing companies would love this sort of thing, and I don't want adverts based on my health.",
        "Profit shouldn't come into it at all as far as I'm concerned.",
    ],
}

SUBCODES: dict[str, list[tuple[str, str, list[int]]]] = {
    "accuracy": [
        ("accuracy_errors", "Errors in records and mismatches", [0, 1, 3, 4, 6, 7, 9, 10, 11]),
        ("accuracy_missing_people", "People and history missing from the data", [2, 5, 8, 12]),
    ],
    "breaches": [
        ("breaches_cyber_attack", "Hacking and cyber attack", [0, 1, 2, 4, 5, 13]),
        ("breaches_insider_misuse", "Insider misuse and careless loss", [3, 6, 9]),
        ("breaches_reidentification", "Being identified from the data", [7, 8, 10, 11, 12]),
    ],
    "governance": [
        ("governance_access_rules", "Rules on who may access data", [0, 1, 4, 7, 8, 10, 12]),
        ("governance_oversight_penalties", "Oversight, audit and penalties", [2, 3, 5, 6, 9, 11]),
    ],
    "commercial": [
        ("commercial_selling_on", "Data sold on to companies", [0, 2, 4, 6, 7, 10, 11, 12]),
        ("commercial_insurance_employers", "Insurers and employers", [5, 8]),
        ("commercial_public_return", "Return to the public from commercial use", [1, 3, 9]),
    ],
}

"""Topic 1, uses and benefits of linked data (synthetic sentences)."""

from __future__ import annotations

__all__ = ["THEMES", "SUBCODES"]

THEMES: dict[str, list[str]] = {
    "efficiency": [
        "I keep thinking about how many times I've filled in the same form, and if the records were joined up somebody could have saved a whole morning of my time.",
        "My mum went through three clinics last year and each one asked for her medication list again, which is just wasted appointments really.",
        "If the planners could see where the beds are actually being used, I suppose they wouldn't be building things in the wrong place.",
        "Money is tight everywhere, so anything that stops the NHS paying twice for the same test has to be a good thing.",
        "I work in a warehouse and we track every box, so it baffles me that nobody can track how long people wait between services.",
        "Um, I think it could help them plan staffing, like knowing there's a rush of older patients every January.",
        "When my husband had his scans done twice because the results didn't travel between hospitals, that was a waste of everybody's time.",
        "You'd hope it means less duplication, fewer people doing the same job in two different buildings.",
        "I'm not against it if it genuinely frees up nurses to do nursing rather than chasing paperwork.",
        "Honestly the waiting lists are the thing, and if linking the data shortens them even a little then I'm for it.",
        "They could spot which services are hardly used and move the money to the ones with queues out the door.",
        "It sounds boring, but knowing where the resources go is probably where the biggest savings are.",
        "My sister is a practice manager and she says half her week is spent ringing other departments for information they already hold.",
    ],
    "prevention": [
        "What got me was the idea that you could catch someone before they end up in A and E, that's the bit I'd support.",
        "If they can see that a person has had a few falls, maybe a physio visits them at home before it turns into a broken hip.",
        "My dad was diabetic and nobody picked up the warning signs until it was quite far along, so earlier spotting would really matter.",
        "I'd rather the money went on keeping people well in the community than on patching them up in hospital afterwards.",
        "Er, could it help with mental health, like noticing that someone keeps turning up at the GP and nothing's being done?",
        "Looking after people at home after an operation, that seems like exactly where joined-up information would help.",
        "Prevention is always the thing that gets cut first, so having evidence that it works might protect it.",
        "I think of my neighbour who's on her own, and if the council and the surgery talked she might get a visit before a crisis.",
        "You could see patterns, like which areas have more heart problems, and put the screening vans there.",
        "Care in the community only works if the district nurse knows what happened at the hospital, doesn't it?",
        "It's that old saying about prevention being better than cure, and I genuinely believe it here.",
        "My friend's son was picked up early for a heart condition and it changed his whole life, so I've seen what early action does.",
    ],
    "communication": [
        "The hospital discharged my gran and the GP had no idea for two weeks, so the services clearly don't talk to each other.",
        "I'm sick of being the messenger between departments, carrying letters from one place to another.",
        "If the paramedics could see my allergies when they turn up, that could literally save my life.",
        "You tell your story to the receptionist, then the nurse, then the doctor, and then the specialist asks the same questions again.",
        "I'd like the social worker and the mental health team to be reading from the same page for once.",
        "Hmm, my experience is that the pharmacy never knows when the hospital has changed a prescription.",
        "When my son moved from children's services to adult services everything just fell through the gap, nobody passed anything on.",
        "It would be reassuring to know that whoever I see has the full picture and not just a bit of it.",
        "I suppose better sharing between teams means fewer mistakes, like being given two lots of the same medicine.",
        "My carer has to phone around for hours because the different agencies keep separate records.",
        "Out of hours, the doctor had none of my notes, so he was basically guessing.",
        "Things like hospital letters arriving after the follow-up appointment, that's the sort of thing linking could sort out.",
        "If the school nurse and the GP could share what they know, kids wouldn't slip through the net so often.",
    ],
    "community": [
        "It's not just the NHS, is it, the council and the police and housing could all benefit if they understood their area better.",
        "I live in a coastal town and we've got real pockets of deprivation that don't show up in the county averages.",
        "Maybe the data could show that damp housing is making kids ill, and then the council might actually fix the housing.",
        "I can see it helping the voluntary groups too, the food banks and the carers' centres, if they knew where the need was.",
        "Public health people could plan things like cycle lanes or green spaces based on where people are struggling.",
        "Um, I'm thinking of the schools, if they knew which families were under pressure they could offer support earlier.",
        "The benefit should come back to the local area, to the towns where the data comes from.",
        "Transport is a big one round here, people miss appointments because the buses don't go anywhere near the hospital.",
        "If it helps the fire service find elderly people living alone, that's a benefit to everybody.",
        "It could be used for research into why some villages have worse outcomes than others just down the road.",
        "I like the idea that it helps the whole community and not just one organisation's budget.",
        "My worry about the rural areas is they get forgotten, so evidence about them could bring services out there.",
    ],
}

SUBCODES: dict[str, list[tuple[str, str, list[int]]]] = {
    "efficiency": [
        ("efficiency_duplication", "Avoiding duplicated tests and forms", [0, 1, 3, 6, 7, 12]),
        ("efficiency_planning", "Planning resources and staff", [2, 4, 5, 8, 9, 10, 11]),
    ],
    "prevention": [
        ("prevention_early_detection", "Spotting problems early", [0, 1, 2, 4, 8, 11]),
        ("prevention_out_of_hospital", "Care at home and in the community", [3, 5, 6, 7, 9, 10]),
    ],
    "communication": [
        ("communication_handover", "Handover between services", [0, 1, 6, 9, 11, 12]),
        ("communication_full_picture", "Clinicians seeing the full record", [2, 3, 4, 5, 7, 8, 10]),
    ],
    "community": [
        ("community_other_services", "Councils, police, schools and charities", [0, 2, 3, 5, 8]),
        ("community_local_need", "Understanding local need", [1, 4, 6, 7, 9, 10, 11]),
    ],
}

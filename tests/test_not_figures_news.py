"""Numbers in news text that are not figures (issue 13 item 3): made-up sentences of the GUIDE's not-figure
classes (tests/fixtures/realtext/GUIDE.md, "Not figures"; realtext5/README.md's judgement calls), none copied
from a gold file: sports results and stat lines, temperatures, recipes, product and model names, addresses,
phone numbers, times, dates, ages, prison terms, distances, index points, ordinals, chapter and section
numbers, versions, rankings and jersey numbers. Pure traps expect no figure; the mixed sentences keep their
one real figure (value and unit) and drop the rest. Run through the claims stage as the real-text scorer
runs it (tests/realtext_figures.py `predict`).
"""

from __future__ import annotations

import pytest
from realtext_figures import predict

TRAPS = [
    # sports results, scores and stat lines
    "The Celtics beat the Knicks 112-104 on Tuesday night.",
    "Arsenal won 3-1 at the Emirates, with Saka scoring twice.",
    "Mahomes threw for 312 yards and three touchdowns in the win.",
    "She finished the round at 4-under 68, two shots behind the leader.",
    "The Yankees took Game 2 by a 5-3 score behind seven strong innings.",
    "He averaged 27.4 points, 8.1 rebounds and 6.3 assists last season.",
    "The Dodgers improved to 42-19 with the victory.",
    "Federer won the final 6-4, 6-3, 7-6.",
    "The striker has scored 14 goals in 20 league appearances this season.",
    "The quarterback went 24-of-31 passing with no interceptions.",
    "She hit .312 with 22 home runs and 81 RBIs.",
    "Oklahoma State rallied from a 21-point deficit to win 35-31.",
    "The pitcher struck out 11 batters over eight innings.",
    "The Lions are 9-2 and lead the division by three games.",
    "He shot a 7-under-par 65 in the third round.",
    # temperatures and weather
    "Highs will reach 98 degrees on Thursday before a cold front arrives.",
    "Temperatures dropped to minus 12 overnight in Duluth.",
    "The forecast calls for a high of 75 and a low near 58.",
    "Winds gusted to 60 mph as the storm made landfall.",
    "Up to 8 inches of snow could fall in the mountains by Friday.",
    "The heat index climbed to 110 in parts of Texas.",
    "It was 34°F at the airport at dawn.",
    # recipes
    "Bake at 350 degrees for 25 minutes, until golden.",
    "Add 2 cups of flour and 1 teaspoon of salt.",
    "Whisk in 3 tablespoons of butter and simmer for 10 minutes.",
    "Preheat the oven to 425°F and line a 9-by-13-inch pan.",
    # product and model names
    "Apple unveiled the iPhone 15 Pro at its Cupertino event.",
    "The RTX 4090 remains the fastest consumer graphics card.",
    "A Boeing 737 MAX 9 lost a door plug shortly after takeoff.",
    "The Galaxy S24 Ultra ships with a titanium frame.",
    "Ford recalled some F-150 pickups over a brake issue.",
    "The Airbus A320neo has become the best-selling jet in its class.",
    "Microsoft will end support for Windows 10 next year.",
    "The company is betting on Web 3.0 services.",
    "The PlayStation 5 Pro goes on sale next month.",
    "Tesla began deliveries of the Model 3 Highland in Europe.",
    "The F-35 program has faced years of delays.",
    "OpenAI released GPT-4 to paying subscribers.",
    "The Pixel 8 camera uses a new sensor.",
    "The Audi A4 and BMW X5 topped the list.",
    # addresses and phone numbers
    "The shop is located at 123 Main St. in Springfield.",
    "Call (555) 010-2030 for more information.",
    "Residents can text 741741 to reach the crisis line.",
    "The office moved to 1600 Amphitheatre Parkway last year.",
    "The fire broke out at a home on the 400 block of Elm Street.",
    "For tickets, call 1-800-555-0199.",
    "The suspect was arrested near 42nd Street and 8th Avenue.",
    # times and dates
    "The meeting starts at 7:30 p.m. in the council chambers.",
    "The polls close at 8 p.m. Eastern time.",
    "The store opens on March 3 at 9 a.m.",
    "The deadline was moved to Dec. 15.",
    "The law took effect on Jan. 1, 2024.",
    "He was arrested at about 2 a.m. Sunday.",
    "The ceremony is scheduled for the 4th of July.",
    "The show airs weeknights at 11:35.",
    # ages
    "The 42-year-old driver was taken to a hospital.",
    "A 17-year-old was charged in the shooting.",
    "Smith, 63, has served on the board since 2010.",
    "The actor died at the age of 87.",
    "The company, founded 25 years ago, is based in Ohio.",
    "Children ages 5 to 11 are now eligible.",
    # prison terms and durations
    "He faces up to 20 years in prison if convicted.",
    "She was sentenced to 15 years to life.",
    "The judge handed down a 30-month sentence.",
    "The strike lasted 46 days.",
    "The flight took about 14 hours.",
    "He served 8 years on the city council.",
    "The trial is expected to last three weeks.",
    # distances, heights, weights
    "Thousands ran in a 5K race along the river on Saturday.",
    "The trail stretches 12 miles along the coast.",
    "The tower stands 1,250 feet tall.",
    "The baby weighed 7 pounds, 4 ounces.",
    "The fish weighed 42 pounds.",
    "The quake struck 10 kilometers below the surface.",
    "The marathon covers 26.2 miles.",
    "The tanker spilled 11 million gallons of crude.",
    "The rover traveled 28 kilometers across the crater.",
    # index points
    "The Dow fell 450 points on Monday.",
    "The S&P 500 closed at 5,200.",
    "The Nasdaq gained 1.2 points in late trading.",
    "The FTSE 100 slipped 30 points at the open.",
    # ordinals
    "She celebrated her 90th birthday with family.",
    "The 14th Amendment was ratified after the Civil War.",
    "The 5th Circuit upheld the ruling.",
    "It was the team's 3rd straight loss.",
    "This is the 75th anniversary of the founding.",
    # chapters, sections, bills
    "The company filed for Chapter 11 bankruptcy protection.",
    "Section 230 shields platforms from liability.",
    "The House passed H.R. 2 last spring.",
    "Under Article 5, an attack on one is an attack on all.",
    "Senate Bill 8 bans most abortions after six weeks.",
    "He cited Rule 12 of the procedure.",
    "The amendment is known as Proposition 22.",
    "The workers filed under Title 42.",
    # versions and names with numbers
    "COVID-19 cases rose in the Northeast.",
    "Leaders of the G7 met in Hiroshima.",
    "The G20 summit opens in New Delhi.",
    "The movie made our Top 10 list of the year.",
    "Fortune 500 companies are adopting the tool.",
    "The Formula 1 season opens in Bahrain.",
    "She works at 7-Eleven in town.",
    "The Catch-22 left many voters frustrated.",
    "The band Blink-182 announced a reunion tour.",
    "Interstate 95 was closed in both directions.",
    "Flight 1282 returned to Portland.",
    "The fire started near Highway 101.",
    "Channel 4 aired the documentary.",
    "The suspect was a member of MS-13.",
    "Agent 007 returns in the new film.",
    "The Area 51 story keeps resurfacing.",
    # rankings, jersey numbers, lottery
    "The No. 3 Buckeyes face No. 7 Penn State.",
    "Jordan wore No. 23 for the Bulls.",
    "The winning numbers were 4, 18, 27, 33 and 61.",
    "She ranked 2nd in the world last year.",
    "He is seeded fifth at the tournament.",
    # repetitions, vague quantities
    "The senator voted against the bill five times.",
    "He was shot three times in the chest.",
    "Dozens of protesters gathered outside.",
    "Thousands of fans lined the streets.",
    "About half of the staff left.",
    "The club has won the title twice.",
    # pronoun one
    "One of the victims was a teacher.",
    "One thing is clear: the deal is dead.",
]

MIXED = [
    ("The 42-year-old driver was fined $500.", [(500, "USD")]),
    ("Highs reached 98 degrees as 1,200 homes lost power.", [(1200, "count")]),
    ("The iPhone 15 Pro costs $999 in the US.", [(999, "USD")]),
    ("The Celtics beat the Knicks 112-104 before 19,156 fans.", [(19156, "count")]),
    ("The Dow fell 450 points, or 1.2%, on Monday.", [(1.2, "%")]),
    ("He faces up to 20 years in prison and a $250,000 fine.", [(250000, "USD")]),
    ("The company filed for Chapter 11 with $3 billion in debt.", [(3e9, "USD")]),
    ("Boeing delivered 44 737 MAX jets in March.", [(44, "count")]),
    ("The 5K race raised $20,000 for the shelter.", [(20000, "USD")]),
    ("COVID-19 hospitalizations rose 15% last week.", [(15, "%")]),
    ("Leaders of the G7 pledged $600 billion for infrastructure.", [(6e11, "USD")]),
    ("The store at 123 Main St. employs 40 people.", [(40, "count")]),
    ("The meeting at 7:30 p.m. drew 300 residents.", [(300, "count")]),
    ("Section 230 cases cost platforms $2 million a year.", [(2e6, "USD")]),
    ("The storm, with winds of 60 mph, knocked out power to 80,000 customers.", [(80000, "count")]),
    ("The RTX 4090 sells for $1,599.", [(1599, "USD")]),
    ("The No. 3 Buckeyes sold 104,000 tickets.", [(104000, "count")]),
    ("Smith, 63, owns 12% of the company.", [(12, "%")]),
    ("On March 3, the firm laid off 1,500 workers.", [(1500, "count")]),
    ("The 14th Amendment case involves 3 million voters.", [(3e6, "count")]),
    ("Windows 11 now runs on 400 million devices.", [(4e8, "count")]),
    ("The Boeing 737 MAX 9 carries up to 220 passengers.", [(220, "count")]),
    ("The trail stretches 12 miles and cost $4 million to build.", [(4e6, "USD")]),
    ("Tickets for the Formula 1 race sold out in 2 hours, bringing in $30 million.", [(3e7, "USD")]),
    ("Interstate 95 carries 300,000 vehicles a day.", [(300000, "count")]),
    ("He shot a 7-under 65 to win $3.6 million.", [(3.6e6, "USD")]),
    ("The strike lasted 46 days and involved 13,000 nurses.", [(13000, "count")]),
    ("The PlayStation 5 sold 50 million units.", [(5e7, "count")]),
    ("Mahomes, who threw for 312 yards, signed a $450 million contract.", [(4.5e8, "USD")]),
    ("The 17-year-old was one of 25 students honored.", [(25, "count")]),
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_figures_news_traps(text):
    assert predict([text]) == [[]]


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_not_figures_news_mixed_keep_the_figure(text, expected):
    got = [(f["value"], f["unit"]) for f in predict([text])[0]]
    assert got == [(pytest.approx(v), u) for v, u in expected]

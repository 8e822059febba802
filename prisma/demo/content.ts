// Demo content for Newsdesk: sections, bylines and published stories used by the demo seed.
// Everything here is original, fictional writing: the towns, companies, officials and
// figures are invented and do not describe real people or events.

export type DemoInline = { type: "text"; text: string; marks?: Array<{ type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } }> };
export type DemoBlock =
  | { type: "paragraph"; content: DemoInline[] }
  | { type: "heading"; attrs: { level: 2 | 3 }; content: DemoInline[] }
  | { type: "pullQuote"; attrs: { attribution: string }; content: DemoInline[] }
  | { type: "bulletList"; content: Array<{ type: "listItem"; content: Array<{ type: "paragraph"; content: DemoInline[] }> }> };
export interface DemoDoc { type: "doc"; content: DemoBlock[] }

export interface DemoSection { slug: string; name: string; description: string; position: number; commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED"; commentsCloseAfterDays: number | null }
export interface DemoByline { slug: string; kind: "PERSON" | "ORGANISATION"; name: string; bio: string; staffEmail?: string }
export interface DemoStory { slug: string; headline: string; standfirst: string; sectionSlug: string; dateline: string; bylineSlugs: string[]; tags: string[]; publishedAt: string; commentPolicy?: "OPEN" | "PREMODERATED" | "CLOSED"; body: DemoDoc }

// ---------------------------------------------------------------------------
// Small builders so the stories below read like copy rather than JSON.
// ---------------------------------------------------------------------------

type DemoMark = NonNullable<DemoInline["marks"]>[number];

function text(value: string, ...marks: DemoMark[]): DemoInline {
  return marks.length > 0 ? { type: "text", text: value, marks } : { type: "text", text: value };
}

function inlines(parts: Array<string | DemoInline>): DemoInline[] {
  return parts.map((part) => (typeof part === "string" ? text(part) : part));
}

function p(...parts: Array<string | DemoInline>): DemoBlock {
  return { type: "paragraph", content: inlines(parts) };
}

function h2(value: string): DemoBlock {
  return { type: "heading", attrs: { level: 2 }, content: [text(value)] };
}

function h3(value: string): DemoBlock {
  return { type: "heading", attrs: { level: 3 }, content: [text(value)] };
}

function pullQuote(value: string, attribution: string): DemoBlock {
  return { type: "pullQuote", attrs: { attribution }, content: [text(value)] };
}

function bulletList(...items: Array<string | Array<string | DemoInline>>): DemoBlock {
  return {
    type: "bulletList",
    content: items.map((item) => ({
      type: "listItem" as const,
      content: [{ type: "paragraph" as const, content: inlines(typeof item === "string" ? [item] : item) }],
    })),
  };
}

function doc(...content: DemoBlock[]): DemoDoc {
  return { type: "doc", content };
}

const bold: DemoMark = { type: "bold" };
const italic: DemoMark = { type: "italic" };
const link = (href: string): DemoMark => ({ type: "link", attrs: { href } });

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

export const demoSections: DemoSection[] = [
  {
    slug: "world",
    name: "World",
    description: "International news from our correspondents and regional desks: diplomacy, conflict, climate and the decisions that cross borders.",
    position: 1,
    commentPolicy: "OPEN",
    commentsCloseAfterDays: 14,
  },
  {
    slug: "asia",
    name: "Asia",
    description: "Reporting from across Asia and the Pacific, from disaster response and regional politics to industry, trade and daily life.",
    position: 2,
    commentPolicy: "OPEN",
    commentsCloseAfterDays: 14,
  },
  {
    slug: "technology",
    name: "Technology",
    description: "How technology is built, regulated and used: infrastructure, energy, software, and the people affected by all three.",
    position: 3,
    commentPolicy: "OPEN",
    commentsCloseAfterDays: 14,
  },
  {
    slug: "business",
    name: "Business",
    description: "Companies, markets and the economy: results, deals and the forces behind them, explained without the jargon.",
    position: 4,
    commentPolicy: "OPEN",
    commentsCloseAfterDays: 14,
  },
  {
    slug: "opinion",
    name: "Opinion",
    description: "Columns and commentary from our writers and guest contributors. The views expressed are the authors’ own.",
    position: 5,
    commentPolicy: "PREMODERATED",
    commentsCloseAfterDays: null,
  },
];

// ---------------------------------------------------------------------------
// Bylines
// ---------------------------------------------------------------------------

export const demoBylines: DemoByline[] = [
  {
    slug: "newshub-editorial",
    kind: "ORGANISATION",
    name: "Newshub Editorial",
    bio: "The Newshub editorial team reports, edits and verifies stories from desks in Europe, Asia and beyond. Stories carrying this byline draw on the work of several journalists and are checked by at least two editors before publication.",
  },
  {
    slug: "ines-harrow",
    kind: "PERSON",
    name: "Ines Harrow",
    bio: "Ines Harrow is Newshub’s Asia correspondent, covering climate, disaster response and regional politics. She has reported from the Kestrel delta and the Tarun Valley for six years.",
    staffEmail: "reporter@demo.newsdesk",
  },
  {
    slug: "kofi-aldane",
    kind: "PERSON",
    name: "Kofi Aldane",
    bio: "Kofi Aldane covers technology and energy for Newshub, with a focus on power grids, data centres and the companies that build them.",
  },
  {
    slug: "marguerite-vell",
    kind: "PERSON",
    name: "Marguerite Vell",
    bio: "Marguerite Vell is Newshub’s managing editor, responsible for the daily news agenda, editorial standards and corrections.",
    staffEmail: "editor@demo.newsdesk",
  },
  {
    slug: "tobias-renwick",
    kind: "PERSON",
    name: "Tobias Renwick",
    bio: "Tobias Renwick writes a weekly column on small towns, transport and public services. He lives in Callow Brook and has written about local government for two decades.",
  },
];

// ---------------------------------------------------------------------------
// Stories (most recent first; the first is the natural lead)
// ---------------------------------------------------------------------------

export const demoStories: DemoStory[] = [
  {
    slug: "typhoon-halden-floods-kestrel-delta",
    headline: "Typhoon Halden forces 60,000 from their homes as seawater floods the Kestrel delta",
    standfirst: "Provincial officials say the storm surge breached two sections of the Kestrel river embankment overnight, cutting road links to at least 14 villages.",
    sectionSlug: "asia",
    dateline: "Asia",
    bylineSlugs: ["ines-harrow", "newshub-editorial"],
    tags: ["typhoon", "climate", "disaster response"],
    publishedAt: "2026-11-27T08:20:00.000Z",
    body: doc(
      p(
        "More than 60,000 people were moved to emergency shelters in the Kestrel delta on Friday after Typhoon Halden drove a storm surge over river embankments and into low-lying farmland, provincial officials said. The storm made landfall near the fishing port of Amaru shortly before dawn with sustained winds of 165 km/h, according to the regional weather bureau, before weakening as it moved inland. No deaths had been confirmed by late afternoon, but rescue teams were still trying to reach several villages cut off by floodwater.",
      ),
      h2("Embankments breached overnight"),
      p(
        "The delta’s flood authority said two sections of the Kestrel embankment gave way between 2am and 4am local time, when the surge coincided with a high spring tide. Engineers reinforced parts of the 90-kilometre barrier last year, but the breached stretches near Saliq and Lower Tamen were not scheduled for work until 2027. Water up to 1.5 metres deep covered an estimated 22,000 hectares of rice paddies and fish ponds by midday, the authority said, and pumping stations in three districts were out of action after losing power.",
      ),
      h2("Relief convoys slowed by damaged roads"),
      p(
        "The provincial disaster office said 38 army trucks carrying drinking water, tarpaulins and rice had left the regional capital, Port Varen, but were forced to detour after a bridge on the coastal highway was closed for inspection. Boats from the coastguard and local fishing cooperatives ferried families from rooftops and schools to higher ground. Aid agencies working in the delta said the most pressing needs were clean water and sanitation in crowded shelters, where some classrooms were housing more than 80 people.",
      ),
      p(
        "“We have people, boats and supplies. What we do not have yet is a road,” said Dara Senmoy, director of the provincial disaster office, speaking at an evacuation centre in Amaru. “Every hour the water stays, the harder the next week becomes.” She said engineers hoped to reopen the coastal bridge to light vehicles by Saturday evening and that helicopters had been requested to drop supplies to the most isolated villages.",
      ),
      pullQuote(
        "We have people, boats and supplies. What we do not have yet is a road. Every hour the water stays, the harder the next week becomes.",
        "Dara Senmoy, Kestrel provincial disaster office director",
      ),
      h2("Forecasters warn of more rain"),
      p(
        "The weather bureau said Halden was expected to weaken to a tropical depression by Saturday morning but would continue to bring heavy rain to the uplands that feed the Kestrel river. Forecaster Lio Hartanto said up to 200mm could fall over 48 hours, raising the risk of a second flood peak downstream early next week. Provincial governor Amsel Kuro ordered schools in six districts to stay closed until Wednesday and asked residents who had gone back to check on their homes to leave again before nightfall.",
      ),
      p(
        "The disaster office published its latest figures at 5pm local time, cautioning that the numbers were likely to change as teams reached outlying areas and as more families registered at shelters. Officials said they would update the totals twice a day until the floodwater receded, and urged families staying with relatives rather than in shelters to register so that aid could be allocated fairly. As of Friday evening, the office reported:",
      ),
      bulletList(
        [text("60,400", bold), " people sheltering in 212 evacuation centres"],
        [text("14", bold), " villages without road access"],
        [text("22,000", bold), " hectares of farmland under water"],
        [text("95,000", bold), " households without electricity"],
      ),
    ),
  },
  {
    slug: "coastal-states-agree-undersea-cable-accord",
    headline: "Coastal states agree draft accord to protect undersea cables after Valmora talks",
    standfirst: "Negotiators from eleven governments back shared patrols and a 72-hour incident reporting rule, but stop short of binding penalties for ships that drag anchors across cables.",
    sectionSlug: "world",
    dateline: "Europe",
    bylineSlugs: ["newshub-editorial"],
    tags: ["diplomacy", "infrastructure", "maritime"],
    publishedAt: "2026-11-24T16:40:00.000Z",
    body: doc(
      p(
        "Negotiators from eleven coastal states agreed on Tuesday the draft text of an accord to protect undersea data and power cables, after four days of talks in the harbour city of Valmora. The agreement, which still needs approval from each government, commits signatories to share information on suspicious vessel movements and to report any cable damage within 72 hours. It follows a year in which operators in the region recorded at least nine cable faults, three of which investigators have linked to ships dragging their anchors.",
      ),
      h2("Shared patrols and faster reporting"),
      p(
        "Under the draft, navies and coastguards would coordinate patrols along the most heavily used cable corridors and publish a joint map of protected routes for shipping companies. Cable operators would have to notify a new regional coordination centre within 72 hours of detecting a fault, replacing a patchwork of national rules that in some cases allowed weeks to pass before neighbours were told. The centre is expected to be based in Valmora and to employ about 40 staff, according to a ",
        text("summary released by the host government", link("https://example.org/valmora-cable-accord-summary")),
        ".",
      ),
      h2("No agreement on penalties"),
      p(
        "Delegates failed to agree on common penalties for vessels found to have damaged cables through negligence, an issue that several smaller states had pushed to include. Two delegations argued that existing maritime law already provided remedies and that new fines could deter ships from reporting accidents. The final text instead asks a working group to report back within a year. Shipping industry observers welcomed that approach, while cable operators said it left repair bills, which can exceed several million euros per fault, with the companies that own the lines.",
      ),
      p(
        "“This is the floor, not the ceiling,” Oskar Lindaval, the host government’s chief negotiator, told a closing press conference. “Eleven governments have agreed to tell each other what is happening on the seabed. A year ago, that would not have been possible.” He said he expected the first signatures early next year and described the penalties question as “unfinished business” that negotiators would return to once the coordination centre was running.",
      ),
      pullQuote(
        "Eleven governments have agreed to tell each other what is happening on the seabed. A year ago, that would not have been possible.",
        "Oskar Lindaval, Valmora chief negotiator",
      ),
      h2("Next steps"),
      p(
        "The draft will be presented to ministers at a meeting scheduled for February, after which each government must complete its own ratification process. Officials said the accord would enter into force once seven states had ratified it. Industry groups representing cable owners said they would press for the penalties question to be settled before then, and several delegations indicated privately that they were open to revisiting it if further incidents occurred over the winter.",
      ),
    ),
  },
  {
    slug: "northvale-grid-trials-machine-learning-forecasts",
    headline: "Northvale grid operator trials machine-learning forecasts as data-centre demand climbs",
    standfirst: "The operator says the system cut next-day forecasting errors by about a third in a six-month pilot, but engineers warn software is no substitute for new transmission lines.",
    sectionSlug: "technology",
    dateline: "Technology desk",
    bylineSlugs: ["kofi-aldane"],
    tags: ["energy", "data centres", "artificial intelligence"],
    publishedAt: "2026-11-19T09:15:00.000Z",
    body: doc(
      p(
        "The company that runs the Northvale electricity grid will extend a trial of machine-learning software that predicts demand a day ahead, after a six-month pilot cut forecasting errors by about a third, it said on Wednesday. Northvale Grid Services said the tool had become necessary because of the rapid growth of data centres in the region, whose power use can swing sharply and does not follow the daily patterns of homes and offices that traditional forecasting models were built around.",
      ),
      h2("A third fewer forecasting errors"),
      p(
        "In the pilot, which ran from April to September, the new model’s next-day forecasts missed actual demand by an average of 2.1 percent, compared with 3.2 percent for the operator’s existing statistical model, according to figures published alongside the announcement. Each percentage point of error costs money, because the operator must buy reserve capacity at short notice to cover shortfalls. Northvale estimated the improvement would have saved about 14 million euros in balancing costs over the pilot period, though it did not say how much the software had cost to build.",
      ),
      h3("How the model works"),
      p(
        "The system combines weather forecasts and historical demand with, for the first time, scheduling data supplied voluntarily by large customers, including eleven data-centre operators. Those companies share expected computing workloads up to 36 hours in advance, which lets the model anticipate spikes when, for example, a large processing job is due to start. Northvale said customer data was aggregated before use and that no individual company’s figures were visible to staff in the grid control room.",
      ),
      h2("Demand rising faster than planned"),
      p(
        "Data centres now account for about 9 percent of electricity use on the Northvale network, up from 4 percent three years ago, and the operator expects that share to double again by 2030. Connection requests from proposed sites total more than 3 gigawatts, roughly a quarter of the grid’s peak demand. Regional planners have warned that several of those projects may wait years for a connection, because the transmission lines needed to carry more power into the area are not expected to be finished until 2031.",
      ),
      p(
        "“Better forecasting buys us margin, but it does not build a single kilometre of cable,” said Hana Morrow-Ilic, Northvale’s head of system operations. “We are being honest with customers that software is the cheap part. The expensive part is steel and copper, and that takes time.” She said the operator was also asking large users to sign flexible connection agreements, under which they would reduce consumption at short notice in exchange for being connected sooner.",
      ),
      pullQuote(
        "Better forecasting buys us margin, but it does not build a single kilometre of cable.",
        "Hana Morrow-Ilic, Northvale head of system operations",
      ),
      h2("Independent review planned"),
      p(
        "The region’s energy regulator said it would commission an independent review of the pilot results before allowing the operator to recover the cost of the software through network charges. Consumer groups have questioned whether households should pay for tools designed mainly to accommodate industrial users. Northvale said the extended trial would run until June and that it would publish the review’s findings in full. A spokesperson for the regulator said a decision on cost recovery was expected in the second half of next year.",
      ),
    ),
  },
  {
    slug: "meridane-freight-cuts-profit-forecast",
    headline: "Meridane Freight cuts annual profit forecast as container rates slide",
    standfirst: "The shipping group blamed overcapacity on its main east–west routes and said it would idle six vessels and postpone two newbuild orders.",
    sectionSlug: "business",
    dateline: "Business desk",
    bylineSlugs: ["newshub-editorial"],
    tags: ["shipping", "trade", "earnings"],
    publishedAt: "2026-11-14T07:30:00.000Z",
    body: doc(
      p(
        "Meridane Freight, one of the region’s largest container shipping groups, cut its full-year profit forecast on Thursday for the second time in three months, blaming a slide in freight rates as new vessels flood its main trade lanes. The company now expects operating profit of between 310 million and 360 million euros, down from a previous range of 420 million to 500 million. Its shares fell 7.8 percent in early trading in Caldera, the steepest one-day drop since the company listed in 2019.",
      ),
      h2("Too many ships chasing cargo"),
      p(
        "Chief executive Sunniva Roald told analysts on a conference call that the industry had taken delivery of a record number of large container ships this year, while demand on east–west routes had grown by less than 2 percent. Average spot rates on Meridane’s busiest route have fallen by about 40 percent since June, the company said. It has responded by idling six of its oldest vessels and postponing two newbuild orders originally due for delivery in 2028, which it said would reduce capital spending by around 180 million euros.",
      ),
      p(
        "“We are not going to chase volume at any price,” Roald said. “We would rather have ships at anchor for a quarter than sail them full at a loss.” She added that the company expected rates to remain under pressure well into next year, although some smaller competitors were already withdrawing capacity from the routes where the fall had been sharpest, and the group would be ready to bring idled vessels back if demand recovered.",
      ),
      pullQuote(
        "We would rather have ships at anchor for a quarter than sail them full at a loss.",
        "Sunniva Roald, Meridane Freight chief executive",
      ),
      h2("Third-quarter results"),
      p(
        "Meridane’s results for the three months to the end of September showed the scale of the squeeze on margins, even as the number of containers it carried rose slightly. Lower fuel prices softened the blow, the company said, but were not enough to offset the fall in rates. Its logistics and port services divisions, which management has been expanding to reduce reliance on ocean freight, were the only parts of the group to increase profit. Key figures for the quarter were:",
      ),
      bulletList(
        "Revenue of 2.14 billion euros, down 11 percent from a year earlier",
        "Operating profit of 74 million euros, down from 163 million",
        "Volumes up 1.6 percent to 1.92 million containers",
        "Net debt of 1.3 billion euros, broadly unchanged since June",
      ),
      h2("Analysts see little relief before spring"),
      p(
        "Analysts said the downgrade had been broadly expected after weak results from rivals earlier in the month, but the size of the cut surprised some. Teodor Kask, a transport analyst at the Caldera brokerage Hollin & Vey, said the company’s balance sheet remained sound and that deferring new ships was sensible. He said he did not expect a meaningful recovery in rates before the spring, when carriers typically renegotiate annual contracts with large retailers and manufacturers.",
      ),
    ),
  },
  {
    slug: "small-towns-need-buses-not-apps",
    headline: "Our small towns don’t need another transport app. They need a bus that turns up",
    standfirst: "Every year brings a new pilot scheme for on-demand rides. Meanwhile, the timetable in my home town has shrunk to four buses a day.",
    sectionSlug: "opinion",
    dateline: "Opinion",
    bylineSlugs: ["tobias-renwick"],
    tags: ["transport", "towns", "public services"],
    publishedAt: "2026-11-10T06:00:00.000Z",
    commentPolicy: "PREMODERATED",
    body: doc(
      p(
        "When the 7.10 bus from Callow Brook to the county hospital was cut last spring, the council sent a leaflet. It explained that residents could now book a ride through a new app, that the service would be “responsive to demand”, and that it represented “a smarter way to travel”. My neighbour, who is 81 and has a hospital appointment every second Tuesday, does not own a smartphone. She now pays 22 euros for a taxi each way. Nobody, as far as I can tell, counted her in the pilot’s satisfaction survey.",
      ),
      h2("Pilots that never land"),
      p(
        "I have lost count of the transport pilots announced for our district in the past decade. There was the community minibus, the ride-sharing scheme, the driverless shuttle that ran for six weeks on a closed loop around a business park. Each came with a launch photograph and a consultant’s report. Each quietly ended when the grant did. What has not changed is the steady erosion of the thing that actually works in rural areas: a fixed route, running at fixed times, that people can plan a life around without downloading anything.",
      ),
      h2("Reliability is the product"),
      p(
        "Transport planners have a phrase for this — ",
        text("turn up and go", italic),
        " — and it applies in market towns as much as in cities. People will tolerate a slow bus. They will not tolerate an unpredictable one. A timetable is a promise, and once it is broken often enough, people buy a second car if they can afford one and stay home if they cannot. Demand-responsive services can fill gaps at the edges, but they are a poor substitute for the core network, and they tend to cost more per passenger than the routes they replace.",
      ),
      pullQuote(
        "A timetable is a promise, and once it is broken often enough, people buy a second car if they can afford one and stay home if they cannot.",
        "Tobias Renwick, columnist",
      ),
      p(
        "That last point is worth dwelling on. The county’s own figures, tucked into an appendix to last year’s budget, show the app-based service cost roughly three times as much per trip as the bus it replaced. I do not blame the people who run it; the drivers are courteous and the vehicles are clean. But we should be honest that we are spending more to carry fewer people, and calling it innovation because the booking happens on a screen.",
      ),
      h2("What a modest fix would look like"),
      p(
        "None of this requires a breakthrough. Restore hourly services on the four main routes between market towns, from early morning until mid-evening. Guarantee connections at the two railway stations. Publish a timetable that does not change every six months. Fund it for ten years rather than two, so that people have time to rebuild habits. It would cost less than the county spends on road resurfacing in a single year. It is not exciting, and it will not produce a launch photograph. It would, however, get my neighbour to her appointments.",
      ),
    ),
  },
  {
    slug: "tarun-valley-chip-plant-hires-first-workers",
    headline: "Chip packaging plant in Tarun Valley hires first 800 workers as production nears",
    standfirst: "Operator Sendra Microsystems says the site will begin packaging memory chips in March, but local colleges warn that training places cannot keep up with demand.",
    sectionSlug: "asia",
    dateline: "Asia",
    bylineSlugs: ["newshub-editorial"],
    tags: ["semiconductors", "jobs", "manufacturing"],
    publishedAt: "2026-11-05T03:20:00.000Z",
    body: doc(
      p(
        "A semiconductor packaging plant in the Tarun Valley industrial zone has hired its first 800 production workers and will start commercial output in March, its operator said on Thursday, marking the first phase of one of the largest manufacturing investments in the province’s history. Sendra Microsystems said the 1.2 billion euro facility would eventually employ about 3,000 people assembling and testing memory chips for customers in the consumer electronics and automotive industries.",
      ),
      h2("A training bottleneck"),
      p(
        "Recruiting enough skilled technicians has emerged as the main challenge. Sendra said it received more than 11,000 applications for the first round of jobs but that fewer than one in five applicants had the technical background needed for roles on the clean-room floor. The company has sent 150 new hires abroad for six months of training at an existing plant and is running an in-house course for others. Two technical colleges in the valley have doubled intake on electronics programmes, but say they are short of instructors and laboratory equipment.",
      ),
      p(
        "“We can build classrooms in a year. Finding people who can teach clean-room procedures is much harder,” said Wen Ardiani, principal of the Tarun Valley Polytechnic. She said the college had asked the provincial government for funding to hire retired engineers as part-time lecturers and had so far received no decision. The provincial education office said the request was being considered as part of next year’s budget, which is due to be published in January.",
      ),
      pullQuote(
        "We can build classrooms in a year. Finding people who can teach clean-room procedures is much harder.",
        "Wen Ardiani, Tarun Valley Polytechnic principal",
      ),
      h2("Water and power commitments"),
      p(
        "Packaging and testing uses far less water than chip fabrication, but the plant will still draw about 4,000 cubic metres a day at full capacity, according to its environmental permit. The provincial water authority said the supply would come from a new treatment facility that recycles industrial wastewater, due to open in February. Farmers’ groups downstream had objected to earlier plans to draw directly from the Tarun river. Sendra has also signed a ten-year contract to buy electricity from a solar farm being built on former mining land nearby.",
      ),
      h2("Local suppliers hope for spillover"),
      p(
        "Provincial officials have promoted the project as a way to build a wider electronics supply chain in a region long dependent on rice farming and textiles. So far, most of the equipment and materials for the plant have been imported, and Sendra said local firms currently supply mainly catering, cleaning, security and construction services. The provincial investment board said it was in talks with three component makers about opening smaller facilities in the zone, but declined to name them or give a timetable.",
      ),
    ),
  },
  {
    slug: "ondava-basin-states-agree-dam-release-schedule",
    headline: "Ondava basin states agree dam release schedule, easing years-long water dispute",
    standfirst: "The three governments that share the river will set up a joint monitoring commission and guarantee minimum dry-season flows to farms downstream.",
    sectionSlug: "world",
    dateline: "Africa",
    bylineSlugs: ["newshub-editorial"],
    tags: ["water", "diplomacy", "agriculture"],
    publishedAt: "2026-10-29T14:05:00.000Z",
    body: doc(
      p(
        "The three states that share the Ondava river agreed on Wednesday on a schedule for releasing water from a large upstream dam, a deal that officials said would end a dispute that has strained relations in the basin for nearly five years. Under the agreement, signed by water ministers in the lakeside town of Semberu, the operator of the Kaliro dam will guarantee minimum flows downstream during the dry season and give neighbouring governments 30 days’ notice of any change to its filling plan.",
      ),
      h2("Minimum flows guaranteed"),
      p(
        "The deal sets a minimum release of 420 cubic metres per second between December and April, when farms downstream rely most heavily on the river for irrigation. In drought years, defined as rainfall below 70 percent of the long-term average in the upper catchment, the three states will share the shortfall according to a formula set out in an annex. Downstream officials had argued that filling the dam’s reservoir too quickly after its completion in 2022 contributed to crop losses in two consecutive seasons.",
      ),
      h2("A joint commission with its own data"),
      p(
        "The agreement creates a joint commission, with technical staff from all three countries, that will operate gauging stations along the river and publish flow data daily. Until now, each government relied on its own measurements, and disputes over whose figures were correct repeatedly stalled negotiations. The commission will be based in Semberu and funded equally by the three states, with initial technical support from the regional development bank that helped broker the talks.",
      ),
      p(
        "“For five years we argued about numbers. Now we will read the same numbers, from the same instruments, on the same day,” Nadia Oyelaran-Fisk, the water minister of the downstream state of Lemaro, said after the signing. She called the agreement “a practical deal rather than a perfect one” and said her government would judge it by what reached farmers’ fields in the first dry season rather than by what was written in the text.",
      ),
      pullQuote(
        "For five years we argued about numbers. Now we will read the same numbers, from the same instruments, on the same day.",
        "Nadia Oyelaran-Fisk, Lemaro water minister",
      ),
      h2("Farmers cautious"),
      p(
        "Farmers’ associations in the lower basin welcomed the deal but said its value would depend on how it was applied when the rains fail. The agreement still needs to be ratified by the three parliaments, which officials said they expected to happen before the end of January. Environmental groups noted that the text did not address sediment trapped behind the dam, which they say is contributing to erosion of the river delta, and urged the new commission to study the issue as a priority.",
      ),
    ),
  },
  {
    slug: "brennport-pauses-pavement-delivery-robots",
    headline: "Brennport pauses pavement delivery robots after complaints from disability groups",
    standfirst: "The city will suspend permits for three months while it reviews rules on speed, routes and how the machines share narrow footpaths with pedestrians.",
    sectionSlug: "technology",
    dateline: "Technology desk",
    bylineSlugs: ["newshub-editorial"],
    tags: ["robotics", "cities", "accessibility"],
    publishedAt: "2026-10-22T11:45:00.000Z",
    body: doc(
      p(
        "The city council of Brennport voted on Tuesday to suspend permits for pavement delivery robots for three months, after disability groups said the machines were blocking narrow footpaths and kerb ramps in several neighbourhoods. The decision affects about 120 robots run by two operators, Kerbline and Parcello, which deliver groceries and takeaway meals in four districts. Councillors voted 31 to 12 in favour of the pause, which takes effect next Monday and will be reviewed by the transport committee in January.",
      ),
      h2("Complaints about kerbs and crossings"),
      p(
        "The council said it had received 214 complaints about the robots since the scheme began 18 months ago, most of them about machines stopped on kerb ramps or waiting at crossings in ways that forced pedestrians into the road. A survey by the Brennport Access Forum, which represents disabled residents, found that wheelchair users and people with visual impairments in the pilot districts were more than twice as likely as other respondents to report a problem. The forum presented its findings at a public hearing last month.",
      ),
      p(
        "“These machines are polite, but they are in the way,” said Elan Marchetti, who chairs the forum and uses a wheelchair. “A footpath is not spare capacity. For some of us it is the only route we have.” He said the group was not seeking a permanent ban but wanted clear, enforceable rules on where robots could wait, and a single number residents could call when a machine blocked their way.",
      ),
      pullQuote(
        "A footpath is not spare capacity. For some of us it is the only route we have.",
        "Elan Marchetti, Brennport Access Forum chair",
      ),
      h2("Operators promise software changes"),
      p(
        "Both operators said they would comply with the suspension. Kerbline said it had already updated its navigation software to stop robots from waiting within two metres of a kerb ramp and would share anonymised route data with the council during the review. Parcello said the pause put about 40 local support jobs at risk, including staff who monitor the robots remotely and retrieve machines that get stuck, and urged the council to reach a decision quickly so that it could plan for the new year.",
      ),
      h2("What the review will cover"),
      p(
        "Council officials said the review would consider a lower speed limit, a minimum footpath width below which robots would not be allowed, and a requirement for operators to clear reported obstructions within 15 minutes. It will also examine whether the machines should be restricted to certain hours. Transport committee chair Rosa Delacroix-Weir said the city wanted to support new delivery services but that “the people who walk our streets every day come first”. A final report is due in January.",
      ),
    ),
  },
];

"""Which label a text's own words point to, and how strongly: the evidence the classification skill decides on.

A label is only chosen on evidence a reader could check: words of feeling for sentiment labels, the
signs of a property for "spam or not spam", words that belong to a label's topic ("invoice" for
billing, "parcel" for shipping), or words the text shares with a label's name, its description or its
examples. Each reading says why it could not decide when the evidence is thin or points two ways: one
word of feeling in a long text, a negated or sarcastic phrase, praise and complaint together, a
property named in a negation, or two labels with as many signs each. Tone (sarcasm, irony, humour) is
never judged by rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import STOPWORDS, stem, words
from .values import COUNTRY

POSITIVE = set("good great excellent amazing love loved lovely perfect fantastic wonderful happy pleased friendly helpful "
               "fast quick recommend best brilliant superb delicious comfortable clean easy enjoyed awesome nice "
               "impressed outstanding smooth thanks thank glad beautiful fresh reliable worth delighted incredible "
               "stunning gorgeous exceptional flawless spotless cosy cozy tasty generous attentive polite yummy "
               "efficient convenient affordable bargain exceeded favourite kind professional "
               "favorite fun enjoy enjoyable pleasant satisfied satisfying seamless sturdy solid spacious "
               "welcoming charming magnificent marvellous marvelous terrific fabulous phenomenal "
               "recommended loves liked appreciate appreciated grateful thrilled wow superb relaxed "
               "gem star stars legend heaven heavenly spot-on highlight gentle reassuring thorough spotless "
               "immaculate punctual prompt tidy".split())
NEGATIVE = set("bad terrible awful horrible hate hated worst poor broken slow rude dirty disappointed disappointing "
               "disappointment refund cold late missing wrong crashed crashes crash useless waste noisy "
               "overpriced unhelpful angry annoyed annoying problem issue complaint cancelled damaged leaking stale "
               "ignored unacceptable mediocre bland faulty dreadful disgusting horrendous pathetic ridiculous "
               "frustrating frustrated upset unhappy furious sucks sucked lousy shoddy flimsy "
               "overcooked undercooked greasy soggy burnt burned smelly filthy cramped uncomfortable delayed delay "
               "refunded fail failed fails failure buggy broke freezes froze gross shabby stinks meh dump "
               "unreliable unusable confusing complicated expensive pricey worse regret avoid nightmare "
               "disaster mess scam leak leaks leaked scratched dented rotten complained complain complaining died "
               "unanswered mouldy moldy mushy wilted cracked filthy nitpicky wooden grubby tatty chipped "
               "overcharged shambles shambolic incompetent careless sloppy".split())
# Phrases of feeling whose words alone mislead ('never again' has no word of feeling, 'not worth it' one negated).
POSITIVE_PHRASES = re.compile(r"\b(highly recommend\w*|would recommend|will (?:definitely )?(?:be back|come back|return)"
                              r"|can't wait to (?:come back|return|go back)|five stars|5 stars|10/10|worth every penny"
                              r"|(?:would|will|'d) (?:\w+ )?(?:book|buy|order|stay|use|go|come) (?:\w+ )?again|was a dream"
                              r"|in a heartbeat|above and beyond|couldn't (?:be|have been) happier|can't fault"
                              r"|(?:we|i)['’]ll be back|(?:def(?:initely)?|will be|we['’]re|i['’]m) coming back"
                              r"|(?:couldn['’]?t|could not|can['’]?t|cannot) recommend (?:\w+ )?(?:more|enough|highly enough)"
                              r"|best (?:\w+ ){0,2}(?:i['’]ve|we['’]ve|i have|we have) ever)\b", re.I)
NEGATIVE_PHRASES = re.compile(r"\b(never again|won'?t be (?:going|coming) (?:back|again)|wont be (?:going|coming) (?:back|again)"
                              r"|waste of (?:time|money)|not worth (?:it|the money)|one star|1 star|0/10|asked for (?:a|my) refund"
                              r"|want(?:ed)? my money back|stay away|not impressed|won['’]?t be (?:back|returning|using)"
                              r"|not (?:buying|ordering|using|booking) (?:\w+ )?again|(?:would|will) not (?:\w+ )?again"
                              r"|(?:didn'?t|did not|don'?t|do not|doesn'?t|does not) (?:really |much |particularly )?(?:like|enjoy)"
                              r")\b", re.I)
# A feeling weighed against what might have been ('could have been worse'), which rules can't place on the scale.
HEDGED = re.compile(r"\bcould(?:n'?t)?(?:'ve| have)? (?:been|be|have gone|get) (?:a lot |much |far )?(?:worse|better)\b", re.I)
NEGATORS = re.compile(r"^(?:not|no|never|nothing|nobody|none|hardly|barely|without|neither|nor|cannot|\w+n['’]?t)$")
NOT_NEGATORS = {"don", "won", "isn"}  # pieces of a word split at its apostrophe are handled by the n't form above
SCOPE_KEEPS = set("be been very so that too really a the as at all particularly exactly overly remotely any quite "
                  "always even that's".split())  # words a negation reaches across to the word of feeling
COMPARATIVE = set("better more best greater nicer happier".split())
# Signs that a text without a known word of feeling still has one: 'far too loud', 'ignored our request', 'a real
# let-down', 'to be honest', 'left early'. Neutral is no answer then.
UNEASE = re.compile(r"\b(?:too|far too|way too)\s+\w+|\blet[- ]?down\b|\bignor\w*|\b(?:to be|i have to be|i must be) honest"
                    r"|\bunacceptabl\w*|\bcomplain\w*|\bfrankly\b|\bsadly\b|\bunfortunately\b|\bstill (?:no|not|waiting)\b"
                    r"|\bno one\b|\bnobody\b|\bat last\b|\bfinally\b|\bwe'?d like to discuss\b", re.I)
CONTRAST = re.compile(r"\b(but|although|though|however|except|yet|whereas|on the other hand|apart from)\b", re.I)
SARCASM = re.compile(r"\b(?:oh (?:great|wow|joy|perfect|brilliant|lovely|fantastic|good|sure)|yeah,? right|just what i"
                     r" (?:needed|wanted)|exactly what i (?:needed|wanted)|thanks for nothing|what a (?:joy|treat|surprise)"
                     r"|so much for|how (?:lovely|wonderful|nice|convenient)|love (?:it )?when|nothing like|as if)\b"
                     r"|[🙃🙄😒😑]|/s\b|\bsarcas\w*", re.I)
INTENSE = re.compile(r"!|\b(very|so|really|totally|absolutely|extremely|incredibly|utterly|super)\b|[\U0001F300-\U0001FAFF]",
                     re.I)

SENTIMENT = {  # label name -> which way it points
    **{w: "+" for w in "positive good happy satisfied praise pos compliment favourable favorable".split()},
    **{w: "-" for w in "negative bad unhappy dissatisfied unsatisfied complaint neg unfavourable unfavorable".split()},
    "neutral": "0", "mixed": "±", "neither": "0",
}
TONE = set("sarcastic sarcasm ironic irony sincere serious genuine joke joking humorous humour humor literal "
           "passive aggressive passive-aggressive".split())

ALARM = re.compile(r"!|\b[A-Z]{4,}\b|https?://|www\.|[$£€]\s?\d|\d\s?(?:%|[Uu][Ss][Dd]|[Ee][Uu][Rr]|[Gg][Bb][Pp])\b")
# Properties people ask about as "x or not x" (or "x or <its opposite>"), with the words that signal them.
PROPERTIES = [
    ({"spam", "junk", "phishing", "scam"}, {"ham", "genuine", "legitimate", "legit", "real", "safe", "normal", "not spam"},
     set("won win winner prize congratulations free claim click offer cash selected reward gift giftcard limited "
         "lottery bonus guaranteed verify password winning unclaimed inheritance crypto bitcoin".split()), 2),
    ({"toxic", "offensive", "abusive", "rude", "hateful", "insulting"}, {"polite", "civil", "respectful", "fine", "ok",
                                                                          "acceptable", "clean", "safe", "friendly"},
     set("idiot stupid moron dumb hate loser shut pathetic trash garbage ugly useless disgusting clown "
         "idiots morons losers".split()), 1),
    ({"urgent", "critical", "high priority", "emergency", "asap"}, {"routine", "normal", "low priority", "non-urgent",
                                                                   "not urgent", "low", "standard", "can wait"},
     set("urgent asap immediately emergency outage critical fire flood leak leaking smoke injured bleeding "
         "swelling unconscious ambulance blocked down urgently".split()), 1),
]

# Properties said in more ways than any list of signs: their opposite needs signs of its own (CALM_SIGNS).
OPEN_ENDED = {"urgent", "critical", "high priority", "emergency", "asap"}

# Words that belong to the topics people most often sort messages into. A label is matched to a topic by
# its name (or one word of it); the topic's words found in the text are evidence for that label.
TOPICS = [
    ("billing payment payments invoice invoices invoicing finance charges fees accounts_payable",
     "invoice invoices charge charged charges bill billed billing payment paid pay overcharged debit debited receipt "
     "vat subscription fee fees price direct_debit card refund"),
    ("refund refunds money_back reimbursement",
     "refund refunded money_back reimburse reimbursement charged twice"),
    ("shipping delivery deliveries logistics order_status tracking shipment dispatch where_is_my_order transit",
     "parcel package packages delivery deliver delivered shipping shipped courier tracking arrive arrived "
     "dispatch dispatched postman shipment lost_in_transit"),
    ("technical technical_support tech_support support it it_support bug bugs technical_issue troubleshooting "
     "bug_report defect problem",
     "error crash crashes crashed bug broken login log_in password install installed update app website "
     "not_working doesn't_work freezes frozen loading 404 500 server router wifi wi-fi internet connection disconnects "
     "reboot restarted"),
    ("sales pricing quote quotes purchase pre-sales presales new_business",
     "pricing quote demo buy purchase plan upgrade discount licence license bulk trial enterprise"),
    ("account account_access login access profile",
     "password login log_in sign_in username account profile locked 2fa verification"),
    ("cancellation cancel cancellations cancel_order",
     "cancel cancelled canceling cancelling cancellation terminate called_off no_longer_require no_longer_need "
     "no_longer_required no_longer_needed won't_need won't_be_needing"),
    ("returns return return_request exchange exchanges",
     "return returned returning exchange send_back wrong_size"),
    ("payroll pay salary wages compensation",
     "paid salary salaries payslip wage wages payday overtime"),
    ("leave time_off holiday holidays vacation absence pto",
     "holiday holidays days_off day_off vacation sick annual_leave absence"),
    ("benefits perks insurance",
     "dental insurance pension health_plan gym medical benefits"),
    ("sports sport",
     "match game goal goals team won beat cup league tournament player players score final season coach "
     "football soccer tennis basketball rugby cricket olympic"),
    ("politics political government",
     "election elections government minister parliament vote votes voters party president senate policy "
     "prime_minister campaign mayor"),
    ("tech technology science sci-tech scitech",
     "software app ai smartphone chip chips startup computer internet robot processor gadget"),
    ("business economy finance markets economics",
     "market markets shares profit profits revenue stock stocks earnings inflation bank merger investors"),
    ("entertainment culture arts",
     "film movie music album concert actor actress series festival celebrity box_office"),
    ("health medical healthcare",
     "doctor hospital vaccine disease patient patients symptoms clinic nurse"),
    ("food cuisine meal dishes",
     "food dish dishes meal taste tasted tasty delicious flavour flavor pasta pizza soup dessert menu portion "
     "cooked overcooked undercooked bland starter"),
    # expense categories
    ("utilities utility utility_bills energy",
     "electricity electric gas heating water_bill water_supply energy meter broadband power_bill"),
    ("travel travel_expenses transport transportation",
     "flight flights airfare train rail taxi cab mileage fuel parking toll tolls boarding_pass"),
    ("meals meals_and_entertainment catering dining",
     "lunch dinner breakfast restaurant catering meal meals cafe"),
    ("office_supplies supplies stationery office_equipment",
     "paper pens printer toner stationery ink envelopes staples folders"),
    ("service staff waiter waiters reception personnel employees",
     "waiter waitress staff service server receptionist reception manager friendly rude polite attentive desk "
     "served host"),
    ("room rooms accommodation",
     "room bed bathroom shower towels noisy view balcony mattress pillow window"),
    ("feature_request feature feature_requests suggestion suggestions idea ideas enhancement improvement request",
     "would_be_nice would_be_great would_be_good would_be_amazing would_be_helpful would_help could_you_add "
     "please_add wish suggest suggestion feature option_to ability_to support_for add_an add_a it_would_be"),
    ("weather forecast",
     "storm storms rain raining snow wind winds gusts temperature temperatures forecast sunny cloudy heatwave flood "
     "floods fog frost thunder degrees"),
    ("hr human_resources people people_ops personnel recruitment",
     "employee employees hiring hire handbook parental_leave onboarding recruitment recruiting staff payroll "
     "contract_of_employment holiday_allowance maternity paternity"),
    ("legal law compliance",
     "contract contracts clause clauses lawsuit court compliance gdpr liability lawyer attorney legal agreement "
     "regulation regulations"),
    ("marketing brand advertising communications pr",
     "campaign campaigns brand advert adverts advertising social_media seo newsletter promotion slogan audience"),
    ("events event",
     "event events talk workshop party barbecue tournament celebration meetup webinar screening performance "
     "exhibition gala fair concert"),
    ("membership members member subscriptions",
     "member members membership join joining sign_up subscribe annual_fee fee"),
    ("biology bio life_sciences",
     "cell cells mitochondria photosynthesis chloroplasts chloroplast organism organisms dna gene genes species "
     "enzyme enzymes protein proteins evolution bacteria"),
    ("chemistry chem",
     "molecule molecules atom atoms reaction reactions acid acids compound compounds periodic"),
    ("physics",
     "force forces gravity velocity quantum particle particles momentum acceleration"),
    ("astronomy space",
     "telescope star stars planet planets galaxy galaxies orbit orbiting exoplanet astronomers"),
    ("history",
     "war wars century empire king queen revolution ancient medieval dynasty treaty"),
    ("geography geo",
     "river rivers mountain mountains continent continents capital population coast coastline"),
    ("economics econ",
     "inflation supply demand gdp economy recession interest_rates tariff tariffs"),
    ("math maths mathematics",
     "equation equations solve calculate fraction fractions algebra geometry integral derivative"),
    ("climate environment",
     "emissions warming climate carbon_emissions greenhouse"),
    ("scheduling schedule appointments appointment bookings reservations",
     "appointment appointments reschedule rescheduled rescheduling slot slots calendar postpone postponed "
     "moved_my_appointment"),
    ("commercial commercial_property business_premises",
     "retail shop shops office offices warehouse showroom premises commercial business_use restaurant cafe"),
    ("apartment flat condo",
     "apartment flat studio lift elevator balcony penthouse floor_apartment"),
    ("house home detached",
     "house detached semi-detached bungalow cottage terraced garden driveway garage"),
    ("sadness sad grief sorrow",
     "sad crying cry cried tears passed_away died lonely heartbroken grief miss_him miss_her devastated"),
    ("joy happiness happy",
     "happy thrilled delighted yay overjoyed excited ecstatic celebrate celebrating"),
    ("anger angry rage",
     "angry furious livid annoyed outraged mad fuming infuriating"),
    ("fear scared anxiety",
     "scared afraid terrified frightened nervous anxious worried panic"),
    ("surprise surprised",
     "surprised shocked astonished unexpected can't_believe"),
    ("disgust disgusted",
     "disgusting gross revolting repulsive"),
    ("network networking connectivity internet",
     "wifi wi-fi internet connection router vpn network signal ethernet bandwidth offline disconnects dropping"),
    ("hardware devices device",
     "laptop screen keyboard printer mouse monitor charger cable hard_drive fan overheating"),
    ("software applications",
     "app install installed update crash crashes bug licence license program windows macos error"),
    ("sell selling sale seller vendor",
     "valuation sell selling put_it_on_the_market list_my sale_of_my estate_agent"),
    ("rent renting rental let letting tenant tenancy lease",
     "rent renting rental tenancy tenant lease landlord to_let per_month"),
    ("buy buying purchase buyer",
     "buy buying purchase mortgage viewing first-time_buyer offer_on"),
    ("uniform dress_code clothing",
     "blazer uniform tie shoes trainers tracksuit jumper skirt trousers wear wearing"),
    ("exams exam assessments tests",
     "exam exams revision test tests gcse a-level results marks grades mock"),
    ("trips trip visits outings excursions",
     "trip trips visit museum coach excursion outing residential"),
    ("timetable timetables schedule",
     "timetable lesson lessons period periods term_dates start_time"),
    ("frontend front-end front_end ui",
     "button buttons page css ui layout colour color green screen display form click style font"),
    ("backend back-end back_end api server-side",
     "api endpoint database query queries server-side validation timeout"),
    ("infra infrastructure devops ops platform",
     "deploy deployment kubernetes docker ci pipeline dns certificate cloud cluster terraform"),
    ("court_order order judgment ruling",
     "judge hereby ordered respondent applicant court tribunal district_judge"),
    ("formal",
     "dear_sir dear_madam yours_faithfully yours_sincerely i_am_writing kind_regards enquire hereby "
     "to_whom_it_may_concern i_would_be_grateful please_find"),
    ("informal casual",
     "yo lol guys whats_up what's_up gonna wanna btw omg haha bruh mate hey hiya tbh"),
    ("error errors err fatal critical_error",
     "error errors fatal exception failed failure crash crashed could_not traceback panic exiting refused"),
    ("warn warning warnings",
     "warn warning deprecated retry retrying slow high_memory approaching"),
    ("info information debug",
     "started listening connected completed succeeded ready loaded"),
    ("damaged damaged_goods damage broken_item broken_items",
     "broken cracked smashed damaged dented torn shattered leaking crushed"),
    ("late_delivery delay delays late_order",
     "late delayed overdue still_waiting hasn't_arrived not_arrived never_arrived"),
    ("facilities building premises",
     "heater heaters heating toilets toilet building lights air_conditioning windows roof leak lift canteen"),
    ("behaviour behavior conduct discipline",
     "bullying bullied disruptive fighting phones talking_in rude detention"),
    ("homework assignments coursework",
     "homework assignment assignments deadline worksheet worksheets essay"),
    ("teaching teachers lessons instruction",
     "teacher teachers explains explained explanation taught teaching"),
    ("question questions enquiry inquiry query how-to howto",
     "how_do_i how_can_i is_there can_i what_is where_can does_it do_you"),
]


def _phrases(spec: str) -> list[tuple[str, ...]]:
    return [tuple(p.split("_")) for p in spec.split()]


TOPIC_TABLE = [(_phrases(names), _phrases(cues)) for names, cues in TOPICS]


def label_words(label: str) -> tuple[str, ...]:
    """'Feature_Request' -> ('feature', 'request'): a label's name as lower-case words."""
    return tuple(w for w in re.split(r"[\s_\-/]+", label.lower().strip(" .'\"")) if w)


def grams(tokens: list[str], longest: int = 4) -> set[tuple[str, ...]]:
    """Every run of 1 to `longest` tokens, to look phrases up in one step each."""
    return {tuple(tokens[i:i + n]) for n in range(1, longest + 1) for i in range(len(tokens) - n + 1)}


LABEL_FILLERS = set("request requests issue issues status question questions enquiry enquiries inquiry problem "
                    "problems team department queue related matter matters general".split())


def topic_cues(label: str) -> list[tuple[str, ...]]:
    """The words of the topic a label names: by its whole name ('technical support'), or by its one word
    beside fillers ('billing issue'); never by one word of several ('country support' is no tech support)."""
    name = label_words(label)
    for names, cues in TOPIC_TABLE:
        if name in names:
            return cues
    main = [w for w in name if w not in LABEL_FILLERS and w not in STOPWORDS]  # 'In Transit' is 'transit'
    if len(main) == 1:
        for names, cues in TOPIC_TABLE:
            if (main[0],) in names:
                return cues
    return []


@dataclass
class Verdict:
    label: str | None
    why: str = ""  # when no label: what the evidence lacked, for the decline


# --------------------------------------------------------------------------- sentiment
def sentiment_way(label: str) -> str | None:
    return SENTIMENT.get(" ".join(label_words(label)))


# A thanks that closes a message, or thanks in advance, is courtesy, not praise: 'could the driver check under
# the seats please? Thanks, Mrs Adeyemi' is about lost property, not a compliment.
CLOSING_THANKS = re.compile(r"\b(?:many |big )?(?:thanks|thank you|thx|ta|cheers)(?: (?:so much|very much|a lot|again))?"
                            r"(?=\s*(?:[.!,;:)\-–—]|x+\b)*\s*(?:(?-i:[A-Z][\w.'’-]*)\s*){0,3}$)"
                            r"|\b(?:thanks|thank you) in advance\b", re.I)


def feelings(text: str) -> tuple[int, int, bool]:
    """(positive words, negative words, fragile): a negated word of feeling flips, but a negated negative
    ('not bad') or a negation before a comparative ('never had a better meal') makes the reading fragile.
    A closing thanks is courtesy and counts for nothing (CLOSING_THANKS)."""
    text = CLOSING_THANKS.sub(" ", text.strip())
    pos = neg = 0
    fragile = False
    for clause in re.split(r"[.,;:!?()\n]+|\bbut\b", text.lower()):
        tokens = re.findall(r"[a-z']+", clause.replace("’", "'"))
        for i, w in enumerate(tokens):
            sign = (w in POSITIVE) - (w in NEGATIVE)
            if not sign:
                continue
            window = tokens[max(0, i - 3):i]
            if re.search(r"\bn't (?:say|call|think)\b|\bnot (?:say|call|think)\b|\bnot what\b",
                         " ".join(tokens[max(0, i - 6):i]).replace("n't", " n't")):
                fragile = True  # 'I wouldn't say it was good', 'I don't think it was bad': rules can't weigh that
            if window[-2:] == ["far", "from"]:
                window = window[:-2] + ["not"]  # 'far from perfect' says 'not perfect'
            at = [k for k, x in enumerate(window) if NEGATORS.match(x) and x not in NOT_NEGATORS]
            negated = bool(at)
            between = set(window[at[-1] + 1:]) - SCOPE_KEEPS if at else set()
            if negated and (sign < 0 or between or w in COMPARATIVE or any(x in COMPARATIVE for x in tokens[i:i + 2])):
                fragile = True  # 'not bad', 'did not expect to love', 'never had a better'
            if negated:
                sign = -sign
            pos, neg = pos + (sign > 0), neg + (sign < 0)
    return pos + len(POSITIVE_PHRASES.findall(text)), neg + len(NEGATIVE_PHRASES.findall(text)), fragile


def decide_sentiment(labels: list[str], item: str) -> Verdict:
    ways = {sentiment_way(l): l for l in labels}
    if SARCASM.search(item):
        return Verdict(None, "the text reads as sarcastic or ironic, and rules can't tell what it means")
    pos, neg, fragile = feelings(item)
    if HEDGED.search(item):
        return Verdict(None, "it weighs the thing against what might have been ('could have been worse'), and rules "
                             "can't place that on the scale")
    if fragile:
        return Verdict(None, "its words of feeling are negated ('not bad', 'never better'), and rules can't weigh that")
    n_words = len(words(item))
    if pos and neg:
        if "±" in ways:
            return Verdict(ways["±"])
        return Verdict(None, f"the text has both praise and complaint ({pos} and {neg} words), and rules can't weigh them")
    if not pos and not neg:
        if "0" in ways and not INTENSE.search(item) and not CONTRAST.search(item) and not UNEASE.search(item):
            return Verdict(ways["0"])
        return Verdict(None, "it found no word of feeling it knows in the text")
    way, count = ("+", pos) if pos else ("-", neg)
    if count < 2 and n_words > 12:
        return Verdict(None, "only one word of feeling in the text is too little to go on")
    if CONTRAST.search(item) and ("0" in ways or "±" in ways):
        return Verdict(None, "the text turns with 'but' or 'although', and rules can't tell how much")
    if way not in ways:
        return Verdict(None, "the feeling it found has no label among those given")
    return Verdict(ways[way])


# --------------------------------------------------------------------------- "x or not x"
def property_of(labels: list[str]):
    """(plain label, opposite label, signs, signs needed) when the labels ask whether a known property holds."""
    if len(labels) != 2:
        return None
    names = [" ".join(label_words(l)) for l in labels]
    for present, absent, signs, needed in PROPERTIES:
        for i in (0, 1):
            mine, other = names[i], names[1 - i]
            negation = re.match(r"(?:not|non)[ -]?(.+)$", other)
            if mine in present and (other in absent or (negation and negation.group(1) == mine)):
                return labels[i], labels[1 - i], signs, needed
    return None


def asked_property(instruction: str):
    """(name, signs, signs needed) of the known property a yes-or-no question names: 'Is this email spam?'."""
    m = re.search(r"\b(?:is|are|was|does)\s+(?:this|it|that|the \w+)\s+(?:\w+\s+)?(?:an?\s+)?([a-z]+(?: priority)?)\b",
                  instruction, re.I)
    for present, _, signs, needed in PROPERTIES:
        if m and m.group(1).lower() in present:
            return m.group(1).lower(), signs, needed
    return None


def decide_property(plain: str, opposite: str, signs: set[str], needed: int, item: str) -> Verdict:
    tokens = re.findall(r"[a-z0-9']+", item.lower().replace("’", "'"))
    signed = {stem(s) for s in signs} | signs
    hits = [i for i, w in enumerate(tokens) if w in signs or stem(w) in signed]  # 'flooding' as 'flood'
    if any(NEGATORS.match(x) for i in hits for x in tokens[max(0, i - 3):i]):
        return Verdict(None, f"a sign of \"{plain}\" in the text is negated, and rules can't weigh that")
    found = len(hits) + (item.count("!!") > 0) + bool(re.search(r"https?://|bit\.ly|\bclick\b", item, re.I) and needed > 1)
    if found >= needed:
        return Verdict(plain)
    if found == 0 and not ALARM.search(item):
        if plain.lower() in OPEN_ENDED and not CALM_SIGNS.search(item):  # urgency is said in endless ways ('water
            return Verdict(None, f"it found no sign of \"{plain}\" it knows, and none of its opposite; urgency is "
                                 "said in more ways than rules know")  # pouring onto the sockets'): no sign is no proof
        return Verdict(opposite)
    if found == 0:  # no known sign, but shouting, a link or money: absence of signs proves nothing here
        return Verdict(None, f"it found no sign of \"{plain}\" it knows, but the text has capitals, links or money "
                             "it can't weigh")
    return Verdict(None, f"the text shows only one sign of \"{plain}\", too little to go on")


# --------------------------------------------------------------------------- topics
def stems(text: str) -> set[str]:
    """The stems of a text's content words; a noun made from a verb with '-al' meets its verb ('arrival' and
    'arrived', 'renewal' and 'renew', 'refusal' and 'refused')."""
    return {_verb_noun(stem(w)) for w in words(text) if w not in STOPWORDS and len(w) > 2}


def _verb_noun(s: str) -> str:
    return stem(s[:-2]) if len(s) >= 7 and re.search(r"(?:[aeiou]v|w|[aeiou]s|rr)al$", s) else s


GENERIC = {stem(w) for w in "other issue issues request requests general question status type thing "
           # how people ask is no topic: 'I'd like to close ...' shares nothing with 'I'd like to pick a new PIN'
           "like i'd i'm want wanted need needed please would could get got know "
           # counts and ordinals are no topic: 'one user has a problem' shares nothing with 'have one spare'
           "one two three four five six seven eight nine ten first second third many every".split()}


ABROAD = {"country", "countries", "abroad", "international", "overseas", "foreign", "travel"}


def evidence(labels: list[str], item: str, descriptions: dict[str, str], examples: dict[str, list[str]]) -> dict[str, float]:
    """How many of each label's signs the item holds: topic words, and words shared with the label's name,
    description and examples (those count half: an example shares words by chance more easily)."""
    tokens = re.findall(r"[a-z0-9']+", item.lower().replace("’", "'"))
    runs = grams(tokens)
    item_stems = stems(item)
    out = {}
    topics = any(label_words(l) not in FORMS and (topic_cues(l) or not sentiment_way(l)) for l in labels)
    shown = {l: stems(" ".join(examples.get(l, []))) for l in labels}
    for label in labels:
        cues = topic_cues(label)
        topic = {c for c in cues if c in runs}
        own = stems(" ".join(label_words(label)) + " " + descriptions.get(label, "")) - GENERIC
        # a word of the label that the examples of two other labels use too is the domain's, not this label's
        # ('card' in 'card arrival', when the exchange-rate and dispute examples speak of a card as well)
        own = {w for w in own if sum(w in shown[o] for o in labels if o != label) < 2}
        shared = (item_stems & own) - {stem(w) for c in topic for w in c}
        from_examples = item_stems & (stems(" ".join(examples.get(label, []))) - GENERIC) - own
        abroad = bool(set(label_words(label)) & ABROAD) and bool(COUNTRY.search(item))  # 'in Japan' for country support
        out[label] = len(topic) + len(shared) + 0.5 * min(len(from_examples), 2) + _form(label, item, tokens, topics) \
            + abroad
    return out


def negated_sign(label: str, item: str) -> str:
    """The first word of a label's own name in the text that a negation stands just before ('not a billing
    question', 'could not be delivered'), or ''. A negated topic word keeps its topic: 'my parcel hasn't
    arrived' is still about shipping."""
    tokens = re.findall(r"[a-z0-9']+", item.lower().replace("’", "'"))
    own = stems(" ".join(label_words(label))) - GENERIC
    for i, w in enumerate(tokens):
        sign = stem(w) in own
        window = tokens[max(0, i - 3):i]
        if sign and any(NEGATORS.match(x) and x not in NOT_NEGATORS for x in window):
            return " ".join(window + [w])
        after = tokens[i + 1:i + 4]
        if sign and len(after) >= 2 and after[0] in STATE_VERBS and (after[1] in FINE or after[1:3] == ["not", "the"]):
            return " ".join([w] + after[:2])  # 'the boiler is ok', 'the boiler is not the problem'
    return ""


STATE_VERBS = set("is are was were seems seem looks look works work".split())
FINE = set("ok okay fine working normal good alright unaffected".split())


QUESTION_START = set("what whats what's where when who why how which is are can could do does will would should "
                     "shall may am".split())


FORMS = {(w,) for w in ("question", "questions", "enquiry", "inquiry", "query", "statement", "request")}


def _form(label: str, item: str, tokens: list[str], topics: bool = False) -> float:
    """Evidence from the text's form: a question mark or a question word first for 'question' (half as much
    beside a label for a topic: 'has anyone handed in my rucksack??' asks about lost property), words of
    feeling for a label that names a feeling ('complaint', 'compliment') when the text has no other."""
    if label_words(label) in FORMS - {("statement",), ("request",)}:
        return (0.5 if topics else 1.0) * float("?" in item or bool(tokens and tokens[0] in QUESTION_START))
    way = sentiment_way(label)
    if way in ("+", "-") and not SARCASM.search(item):
        pos, neg, fragile = feelings(item)
        if not fragile and not (pos and neg):
            return float(pos if way == "+" else neg)
    return 0.0


def decide_topic(labels: list[str], item: str, descriptions: dict[str, str], examples: dict[str, list[str]],
                 fallback: str | None) -> Verdict:
    found = evidence([l for l in labels if l != fallback], item, descriptions, examples)
    ranked = sorted(found, key=lambda l: -found[l])
    best = found[ranked[0]] if ranked else 0
    second = found[ranked[1]] if len(ranked) > 1 else 0
    if best >= 1 and (second == 0 or (best >= 2 and best >= 2 * second)):
        negated = negated_sign(ranked[0], item)
        if negated:
            return Verdict(None, f"a sign of \"{ranked[0]}\" in the text is negated ('{negated}'), and rules can't "
                                 "weigh that")
        return Verdict(ranked[0])
    if best == 0:
        return Verdict(None, "no word of the text points to one of the labels")
    tied = [l for l in ranked if found[l] == best]
    close = tied if len(tied) > 1 else ranked[:2]
    return Verdict(None, f"the text has signs of both \"{close[0]}\" and \"{close[1]}\"")


# Ordered priority labels, top to bottom, and the signs that put a message at the top or the bottom.
LEVELS = {**{w: 0 for w in ("high", "urgent", "critical", "p1", "sev1", "emergency", "highest", "high priority", "blocker")},
          **{w: 1 for w in ("medium", "normal", "moderate", "p2", "sev2", "standard", "mid")},
          **{w: 2 for w in ("low", "minor", "p3", "sev3", "low priority", "trivial", "lowest", "routine")}}
URGENT_SIGNS = re.compile(r"\b(urgent\w*|asap|immediately|emergency|outage|critical|down|alarm|offline|broken|leak\w*|fire|"
                          r"smoke|injured|bleeding|blocked|nobody can|no one can|can't (?:log|work|access)|all users"
                          r"|production|rising|failing|failed|lost)\b", re.I)
CALM_SIGNS = re.compile(r"\b(no rush|no hurry|whenever|when(?:ever)? (?:convenient|you (?:have|get) (?:a moment|time))"
                        r"|not urgent|low priority|at your convenience|eventually|cosmetic|nice to have|no big deal"
                        r"|when you can|in the next few weeks)\b", re.I)


def priority_levels(labels: list[str]) -> dict[int, str] | None:
    """{level: label} when every label names a priority level and the top and bottom are both there."""
    levels = {}
    for label in labels:
        level = LEVELS.get(" ".join(label_words(label)))
        if level is None or level in levels:
            return None
        levels[level] = label
    return levels if 0 in levels and 2 in levels else None


def decide_priority(levels: dict[int, str], item: str) -> Verdict:
    urgent, calm = len(URGENT_SIGNS.findall(item)), len(CALM_SIGNS.findall(item))
    if urgent >= 2 and not calm:
        return Verdict(levels[0])
    if calm and not urgent:
        return Verdict(levels[2])
    return Verdict(None, "the text shows no clear sign of how urgent it is" if not (urgent or calm)
                   else "the signs of urgency in the text are too few or point both ways")


def is_tone(labels: list[str]) -> bool:
    return any(set(label_words(l)) & TONE for l in labels)


def is_sentiment(labels: list[str]) -> bool:
    ways = [sentiment_way(l) for l in labels]
    return all(ways) and ("+" in ways or "-" in ways)


def known_label_set(labels: list[str]) -> bool:
    """Labels that only a classification uses: feelings, a property and its opposite, priorities, tone."""
    return bool(labels) and (is_sentiment(labels) or property_of(labels) is not None
                             or priority_levels(labels) is not None or all(set(label_words(l)) & TONE for l in labels))


def known_word_in(label: str) -> str | None:
    """The one word of feeling or property in a label wrapped in chat ('review positive', 'negative lol'), or None."""
    ws = label.split()
    if len(ws) < 2 or len(ws) > 3:
        return None
    known = [w for w in ws if SENTIMENT.get(w.lower().strip(".,!?")) in ("+", "-", "0", "±")
             or any(w.lower() in present for present, _, _, _ in PROPERTIES)]
    others = [w for w in ws if w not in known]
    if len(known) == 1 and not any(o.lower() in ("not", "non", "very", "mostly", "slightly", "mixed", "somewhat")
                                   for o in others):
        return known[0].strip(".,!?")
    return None

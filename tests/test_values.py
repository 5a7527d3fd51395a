"""The value readers the JSON and tool skills share (mistral_course/offline/engine/values.py).

Each reader is checked on several ways of writing the same thing, and on texts where the value could be
one of several candidates: there the reader must say so (AMBIGUOUS) rather than pick one, and where the text
gives none it returns None.
"""

import pytest

from mistral_course.offline.engine import values as v


@pytest.mark.parametrize("raw, expected", [
    ("1,240.50", 1240.5), ("1.240,50", 1240.5), ("2.400.000", 2400000.0), ("3,5", 3.5), ("12", 12.0),
    ("2.800", None),  # 2,800 in much of Europe, 2.8 elsewhere: unknown
])
def test_parse_number(raw, expected):
    assert v.parse_number(raw) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("price", "Asking £285,000 for the flat.", 285000.0),
    ("price", "Yours for 1.500,00 EUR, collection only.", 1500.0),
    ("salary", "Fully remote, salary $90k plus bonus.", 90000.0),
    ("budget", "They raised €2.5 million last spring.", 2500000.0),
    ("budget", "a budget of 90k for the year", 90000.0),
    ("total", "Subtotal $40, tip $6, total $46 paid by card.", 46.0),
    ("price", "A Trek bike for €350, or the helmet alone for €40.", v.AMBIGUOUS),  # two prices, nothing tells which
])
def test_money(name, text, expected):
    assert v.number(name, text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("bedrooms", "Flat with 2 bedrooms and 1 bathroom, 3 parking spaces.", 2.0),
    ("bathrooms", "Flat with 2 bedrooms and 1 bathroom, 3 parking spaces.", 1.0),
    ("bedrooms", "Cosy two-bedroom cottage, 68 m2.", 2.0),
    ("humidity", "At 3pm it was 24 degrees with 60% humidity.", 60.0),
    ("humidity", "humidity 81%, wind 20 km/h", 81.0),
    ("guests", "Table for 8 guests on Friday, 2 of them kids.", 8.0),
    ("staff", "We have 12 staff in the Leeds office.", 12.0),
])
def test_a_number_next_to_its_word(name, text, expected):
    assert v.number(name, text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("wind_kmh", "Air temperature -3 °C with a mean wind speed of 74 km/h from the north-west.", 74.0),
    ("temperature_c", "Air temperature -3 °C with a mean wind speed of 74 km/h from the north-west.", -3.0),
    ("oven_c", "Bake 45 minutes at 190 degrees Celsius.", 190.0),
    ("prep_minutes", "Preparation: 25 minutes. Cooking: 45 minutes.", 25.0),
    ("cooking_minutes", "Preparation: 25 minutes. Cooking: 45 minutes.", 45.0),
    ("humidity_pct", "relative humidity 81%, visibility 2 km", 81.0),
])
def test_a_number_by_the_unit_its_name_ends_in(name, text, expected):
    assert v.number(name, text) == expected


@pytest.mark.parametrize("name, text", [
    ("age", "Guest Hana Sato, room 204."),              # a number that numbers a room is no age
    ("guests", "Dinner on the 12th, 2 kids and 3 adults, cost 340."),
    ("length", "It is 5m long."),                       # metres or millions
])
def test_no_number_when_nothing_says_which(name, text):
    assert v.number(name, text) in (None, v.AMBIGUOUS)


@pytest.mark.parametrize("text, expected", [
    ("3x ergonomic office chair @ 249.99 each", 3.0), ("qty: 40, warehouse Rotterdam", 40.0),
    ("Order: 3 boxes of green tea at 4.50 euros each.", 3.0),
    ("4 bags of basmati rice and 2 bottles of olive oil", v.AMBIGUOUS),  # two products, two quantities
])
def test_quantity(text, expected):
    assert v.number("quantity", text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("start_date", "Leave from 3 March 2026 until 14 March 2026.", "3 March 2026"),
    ("end_date", "Leave from 3 March 2026 until 14 March 2026.", "14 March 2026"),
    ("due_date", "Invoice issued 2 May 2026, due 30 May 2026.", "30 May 2026"),
    ("issue_date", "Invoice issued 2 May 2026, due 30 May 2026.", "2 May 2026"),
    ("date", "Invoice issued 2 May 2026, due 30 May 2026.", v.AMBIGUOUS),  # two dates, a plain 'date'
    ("date", "my appointment is 12/03/2025, see you", "12/03/2025"),
    ("deadline", "she needs it live by 15 July for the Nordics", "15 July"),
])
def test_dates_as_written(name, text, expected):
    assert v.date_as_written(text, name) == expected


def test_iso_dates_and_times_by_name():
    text = "Check in 2026-06-12, check out 14 June 2026, from 15:00 to 11am."
    assert v.iso_date(text, "check_in") == "2026-06-12"
    assert v.iso_date(text, "check_out") == "2026-06-14"
    assert v.iso_date(text, "date") is v.AMBIGUOUS
    assert v.clock_time("Workshop from 10:00 to 11:30", "start_time") == "10:00"
    assert v.clock_time("Workshop from 10:00 to 11:30", "end_time") == "11:30"
    assert v.clock_time("Workshop from 10:00 to 11:30", "time") is v.AMBIGUOUS
    assert v.clock_time("dinner at 7:30pm please") == "19:30"


@pytest.mark.parametrize("text, role, expected", [
    ("The weather in Porto tomorrow?", "city", "Porto"),
    ("Ayla, 34, moved from Izmir to Lyon last spring.", "city", "Lyon"),
    ("We met in Lisbon and later flew to Berlin.", "city", "Lisbon"),      # 'in' names it more surely than 'to'
    ("Is it raining in New York or should I stay in Boston?", "city", v.AMBIGUOUS),
    ("Olu is moving from Abuja to Leeds next month.", "city", v.AMBIGUOUS),  # where he lives is not said
    ("Consignment left Rotterdam bound for Gdansk.", "destination", "Gdansk"),
])
def test_place(text, role, expected):
    assert v.place(text, role) == expected


@pytest.mark.parametrize("text, role, expected", [
    ("Hi, it's Aisha Rahman from Brightwater School.", "customer", "Aisha Rahman"),
    ("Guest Hana Sato, not a VIP member, room 204.", "", "Hana Sato"),
    ("Logged by agent Maya Cole (maya@shop.com).", "customer", None),   # the only name is the agent's
    ("Call between Maria Lopez and Tom Reed, agent Priya Nair cc'd.", "customer", v.AMBIGUOUS),
])
def test_person(text, role, expected):
    assert v.person(text, role) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("pets_allowed", "Nice studio. Pets are not allowed.", False),
    ("parking", "House in Bath, parking is not available.", False),
    ("has_garden", "Lovely flat, no garden but parking included.", False),
    ("has_parking", "Lovely flat, no garden but parking included.", True),
    ("insured", "Driver Tom Hale; vehicle uninsured at the time.", False),
    ("paid", "Invoice of 300 USD remains unpaid.", False),
    ("refundable", "This ticket is non-refundable.", False),
    ("pets_allowed", "Pets welcome, not a problem at all.", True),
    ("smoker", "Ex-smoker, quit in 2019.", False),
    ("garden", "Third-floor flat with a balcony.", None),
])
def test_flags(name, text, expected):
    assert v.flag(name, text) is expected


@pytest.mark.parametrize("text, expected", [
    ("priority is high, not urgent for the customer", "high"),
    ("Priority: low. Impact: high.", "low"),
    ("It's low or high, I can't tell.", v.AMBIGUOUS),
])
def test_enum_with_two_values_mentioned(text, expected):
    assert v.enum_value("priority", ["low", "medium", "high"], text) == expected


def test_shaped_values():
    assert v.job_title("I'm applying for the warehouse supervisor role in Leeds.") == "warehouse supervisor"
    assert v.job_title("We are hiring a Senior Data Analyst to join us.") == "Senior Data Analyst"
    assert v.job_title("She works as a nurse in Leeds.") == "nurse"
    assert v.named_by_noun("Join us in the Maple Room from 10:00.", "room") == "Maple Room"
    assert v.named_by_noun("register Mateo for the Under-12 Blue team", "team") == "Under-12 Blue"
    assert v.version("since updating to version 4.8.1 on Windows 11") == "4.8.1"
    assert v.version("works in 2.1.0 but not in 2.2.0") is v.AMBIGUOUS
    assert v.operating_system("I'm on an iPhone 13 mini with iOS 17.6.1.") == "iOS 17.6.1"
    assert v.address("New listing: 14 Alder Lane, Fairview. 3 bedrooms.") == "14 Alder Lane, Fairview"
    assert v.address("Flat at 221B Baker Street, London.") == "221B Baker Street, London"
    assert v.postcode("It will be delivered to D08 XY12 within five days.") == "D08 XY12"
    assert v.postcode("Send it to London SW1A 1AA please") == "SW1A 1AA"
    assert v.last_digits("Card ending 4471.") == "4471"
    assert v.last_digits("paid with **** 0932") == "0932"
    assert v.maker("'Piranesi' by Susanna Clarke, a gift") == "Susanna Clarke"
    assert v.company("between Okoro & Lindahl Technologies Ltd (the Supplier)") == "Okoro & Lindahl Technologies Ltd"
    assert v.company("Brightwater Analytics was founded in 2011.") == "Brightwater Analytics"


@pytest.mark.parametrize("name, text, expected", [
    ("party_size", "a table for 4 people at the Copper Kettle on 2026-03-14", 4.0),
    ("guests", "Booking for two, window seat if possible.", 2.0),
    ("party_size", "Reservation for six on Friday", 6.0),
    ("guests", "2 kids and 3 adults, cost 340.", v.AMBIGUOUS),
])
def test_party_sizes(name, text, expected):
    assert v.number(name, text) == expected


def test_a_numeric_date_whose_day_and_month_could_swap_is_not_converted():
    assert v.iso_date("due on 05/11/2026") is None          # 5 November or May 11
    assert v.iso_date("due on 25/11/2026") == "2026-11-25"
    assert v.date_as_written("due on 05/11/2026") == "05/11/2026"


def test_job_titles_and_writers():
    assert v.job_title("he is 61 years and he was train driver before he retired") == "train driver"
    assert v.job_title("works as a senior software engineer in Oslo") == "senior software engineer"
    assert v.job_title("Our teacher said the trip is on") is v.AMBIGUOUS  # a job named, but whose?
    assert v.person("Hi, Salomé from the Payments team here. We need a rule.", "requester") == "Salomé"
    assert v.person("heyyy im Zuri, 16, obsessed w Skyforge Arena rn", "") == "Zuri"
    assert v.called("Open a ticket titled Printer jammed, priority high") == "Printer jammed"
    assert v.called("email with subject line Launch moved to Friday") is v.AMBIGUOUS  # where does it end?


@pytest.mark.parametrize("name, description, text, expected", [
    ("duration_minutes", "", "an hour long, starting at 10:00", 60),
    ("duration_minutes", "", "Kindly set up a 30-minute onboarding session", 30),
    ("duration_minutes", "", "for an hour and a half", 90),
    ("duration_minutes", "", "book it for 1h30 please", 90),
    ("duration_minutes", "", "half an hour with the team", 30),
    ("length", "Length in minutes", "call them for three hours", 180),
    ("timeout_seconds", "", "give it 2 min before failing", 120),
    ("duration_minutes", "", "2 hours, or maybe 3 hours", v.AMBIGUOUS),
    ("duration_minutes", "", "no length given at 3pm on 2026-01-02", None),
])
def test_a_length_of_time_in_the_property_s_unit(name, description, text, expected):
    assert v.number(name, text, description) == expected


def test_a_number_that_ends_a_line_is_not_the_next_line_s():
    invoice = "Net amount: £1,080.00\nVAT @ 20%: £216.00\nTotal due: £1,296.00"
    assert (v.number("net_amount", invoice), v.number("vat", invoice), v.number("total", invoice)) == (1080, 216, 1296)
    assert v.company("TAX INVOICE\nGreyfield Office Interiors Ltd\nInvoice no: 7") == "Greyfield Office Interiors Ltd"


@pytest.mark.parametrize("name, text, expected", [
    ("group_by", "the average of `order_value` grouped by `country` on dataset `sales_2024`", "country"),
    ("dataset", "the average of `order_value` grouped by `country` on dataset `sales_2024`", "sales_2024"),
    ("text", "remind me to join the raid at 21:00, text it as 'raid w/ guild'", "raid w/ guild"),
    ("label", 'label it "dog walk" please', "dog walk"),
    ("table", "totals per `region` from table `orders` and table `refunds`", v.AMBIGUOUS),
])
def test_a_delimited_value_right_after_the_property_s_word(name, text, expected):
    assert v.keyed(name, text) == expected


@pytest.mark.parametrize("values_, text, expected", [
    (["avg", "sum", "min", "max"], "what's the average basket size", "avg"),
    (["avg", "sum", "min", "max"], "the highest price this week", "max"),
    (["asc", "desc"], "sorted in descending order", "desc"),
])
def test_enum_abbreviations_written_out(values_, text, expected):
    assert v.enum_value("metric", values_, text) == expected


def test_a_unit_cue_never_reads_the_tail_of_a_longer_number():
    assert v.number("weight", "Pallet of 1,240 kg, 4 boxes") == 1240
    assert v.number("weight", "he weighs 82 kg") == 82


@pytest.mark.parametrize("text, expected", [
    ("Job sheet — 7 Wattle Rd, Marrickville NSW 2204\nUnblocked drain", "7 Wattle Rd, Marrickville NSW 2204"),
    ("deliver to 221B Baker Street, London NW1 6XE please", "221B Baker Street, London NW1 6XE"),
    ("12 Elm Street, Springfield, IL 62704", "12 Elm Street, Springfield, IL 62704"),
    ("New listing: 14 Alder Lane, Fairview. 3 bedrooms", "14 Alder Lane, Fairview"),
])
def test_an_address_keeps_its_state_and_postcode(text, expected):
    assert v.address(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hi, this is Marisol Quenby from Tallow & Pike.", "Tallow & Pike"),
    ("VP Strategic Alliances | Crestpoint Analytics", "Crestpoint Analytics"),
    ("Ines Costa, Data Lead at Northwind Logistics", "Northwind Logistics"),
    ("Best, Lena Fischer | Head of Data | Alpenrose Media", "Alpenrose Media"),
    ("Ana & Tom are getting married in May", None),          # two people, no firm
    ("Meet Sara from Lisbon at the station", None),          # a place after 'from' is no firm
    ("Brightwater Partners bought Crestpoint Analytics", v.AMBIGUOUS),
])
def test_a_firm_without_its_legal_form(text, expected):
    assert v.company(text) == expected


@pytest.mark.parametrize("name, text", [
    ("rent", "The flat has 2 bedrooms and costs 1,450 a month; deposit is 2 months' rent."),
    ("deposit", "Deposit is 2 months' rent, paid up front."),
    ("price", "The tour lasts 3 days and the price depends on the season."),
    ("cost", "We stayed 4 nights; the cost was shared."),
])
def test_a_count_of_something_is_no_amount_of_money(name, text):
    assert v.number(name, text) not in (2, 3, 4)


@pytest.mark.parametrize("name, text, expected", [
    ("city", '{"city": "Zurich"} -> weather', "Zurich"),
    ("city", '{"city": 42, "name": "Bo"}', None),            # no quoted value after the key's own quotes
    ("subject", 'email Ana, subject "Q3 numbers"', "Q3 numbers"),
    ("label", 'label it "dog walk"', "dog walk"),
])
def test_a_quoted_value_after_its_key_never_takes_the_keys_closing_quote(name, text, expected):
    assert v.keyed(name, text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("smoker", "Patient: Tom Reed, 54. Smoking: no.", False),
    ("smoker", "Smoker: yes", True),
    ("smoker", "Smoking status: never", False),
    ("smoker", "Tom Reed, 54. Does he smoke? No.", False),
    ("urgent", "Ticket: 'Printer jam on floor 2', urgent: false", False),
    ("smoker", "He smoked for 10 years before quitting in 2010.", False),
    ("smoker", "She used to smoke.", False),
    ("smoker", "Trying to quit but still smokes.", True),
    ("smoker", "Is the patient a smoker? yes/no. He smokes a pack a day.", True),  # a question's choices are no answer
])
def test_a_yes_no_written_as_the_texts_own_answer(name, text, expected):
    assert v.flag(name, text) is expected


@pytest.mark.parametrize("name, text, expected", [
    ("guests", "just me, staying two nights", None),  # two counts nights, not guests
    ("nights", "a family of four, for a week", None),  # four counts people, not nights
    ("participants", "intro session for 6 people on 2026-09-12", 6.0),
    ("guests", "family of 4 staying 3 nights", 4.0),
    ("weight_kg", "Sam weighs 180 lbs", v.AMBIGUOUS),  # another unit, not converted
    ("weight_kg", "Sam weighs 80 kg", 80.0),
])
def test_a_lone_number_is_only_taken_when_nothing_says_it_counts_something_else(name, text, expected):
    assert v.number(name, text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("username", "My username is p.marchetti. I still remember my password.", "p.marchetti"),
    ("host", "the host is db-01.internal.", "db-01.internal"),
    ("priority", "Priority is High since the client called twice.", "High"),
    ("username", "My username is what I forgot.", None),        # a sentence goes on: no one-word value
])
def test_a_name_is_value_sentence_gives_a_value_with_dots_inside(name, text, expected):
    assert v.keyed(name, text) == expected


@pytest.mark.parametrize("name, text, expected", [
    ("breakfast", "Tomasz Brandt, room 31 for 2 nights, declined breakfast, paid by card.", False),
    ("upgrade", "She refused the upgrade at check-in.", False),
    ("insurance", "He opted out of the insurance.", False),
    ("breakfast", "Two nights with breakfast, paid by card.", True),
])
def test_a_thing_declined_or_refused_is_a_no(name, text, expected):
    assert v.flag(name, text) is expected


@pytest.mark.parametrize("text, expected", [
    ("it's a minor annoyance, nothing urgent", "low"),
    ("the whole team stopped working", "high"),
    ("something is wrong", None),
])
def test_an_enum_value_is_read_from_the_meaning_its_description_gives(text, expected):
    description = "low = minor annoyance; medium = one person partly blocked; high = whole team stopped"
    assert v.enum_value("priority", ["low", "medium", "high"], text, description) == expected


@pytest.mark.parametrize("text, expected", [
    ("make sure the back door isn't left unlocked", True),   # two negations: locked
    ("the back door is unlocked", False),
    ("the door is not locked", False),
])
def test_a_negated_negative_prefix_is_a_yes(text, expected):
    assert v.flag("locked", text) is expected

"""Function calling with tools the offline backend has never seen, and the safe tool runner.

Tools and wordings here are unlike lesson 04's payment example on purpose.
"""

import json

import pytest

from mistral_course.tools import call_tool, run_tools

MODEL = "mistral-small-latest"


def tool(name, description, properties, required=None):
    return {"type": "function", "function": {"name": name, "description": description, "parameters": {
        "type": "object", "properties": properties, "required": list(properties) if required is None else required}}}


FLIGHT = tool("get_flight_status", "Current status of a flight: on time, delayed or cancelled.",
              {"flight_number": {"type": "string", "description": "IATA flight number, e.g. BA117"}})
GATE = tool("get_departure_gate", "The gate a flight departs from.",
            {"flight_number": {"type": "string", "description": "IATA flight number"}})
CONVERT = tool("convert_temperature", "Convert a temperature between units.",
               {"value": {"type": "number"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}})
BOOK = tool("book_room", "Book a meeting room on a date.",
            {"room": {"type": "string", "description": "the room's name, in quotes"},
             "date": {"type": "string", "format": "date"}, "people": {"type": "integer"}})
TOOLS = [FLIGHT, GATE, CONVERT, BOOK]


def ask(client, messages, tools=TOOLS, **kwargs):
    return client.chat.complete(model=MODEL, messages=messages, tools=tools, **kwargs).choices[0]


def calls(choice):
    return [(c.function.name, json.loads(c.function.arguments)) for c in choice.message.tool_calls or []]


def test_picks_the_tool_and_fills_the_identifier(client):
    choice = ask(client, [{"role": "user", "content": "Is flight LH2031 running late today?"}])
    assert choice.finish_reason == "tool_calls"
    assert calls(choice) == [("get_flight_status", {"flight_number": "LH2031"})]
    assert len(choice.message.tool_calls[0].id) == 9


def test_question_word_points_to_the_right_tool(client):
    choice = ask(client, [{"role": "user", "content": "Where does AF1380 depart from?"}], tools=[FLIGHT, GATE])
    assert calls(choice) == [("get_departure_gate", {"flight_number": "AF1380"})]


def test_numbers_enums_dates_and_quoted_strings(client):
    choice = ask(client, [{"role": "user", "content": "What is 451 fahrenheit in the other unit?"}])
    assert calls(choice) == [("convert_temperature", {"value": 451, "unit": "fahrenheit"})]
    choice = ask(client, [{"role": "user", "content": 'Please book room "Orchid" on 2026-12-03 for 6 people.'}])
    assert calls(choice) == [("book_room", {"room": "Orchid", "date": "2026-12-03", "people": 6})]


def test_one_call_per_entity(client):
    choice = ask(client, [{"role": "user", "content": "Any delays on BA117 or on IB3166?"}], tools=[FLIGHT, GATE])
    assert calls(choice) == [("get_flight_status", {"flight_number": "BA117"}),
                             ("get_flight_status", {"flight_number": "IB3166"})]


def test_missing_argument_gets_a_question_then_earlier_turns_count(client):
    first = ask(client, [{"role": "user", "content": "Has my flight been cancelled?"}], tools=[FLIGHT, GATE])
    assert first.message.tool_calls is None and "flight number" in first.message.content
    messages = [{"role": "user", "content": "Has my flight been cancelled?"},
                {"role": "assistant", "content": first.message.content},
                {"role": "user", "content": "It's KL1002."}]
    assert calls(ask(client, messages, tools=[FLIGHT, GATE])) == [("get_flight_status", {"flight_number": "KL1002"})]


def test_tool_choice(client):
    unrelated = [{"role": "user", "content": "Tell me a joke about penguins."}]
    assert ask(client, unrelated).message.tool_calls is None
    forced = ask(client, unrelated, tool_choice="any")  # no argument to read: no call is made up (below)
    assert forced.finish_reason == "error" and forced.message.tool_calls is None
    assert ask(client, [{"role": "user", "content": "BA117"}], [FLIGHT], tool_choice="any").finish_reason == "tool_calls"
    named = {"type": "function", "function": {"name": "get_departure_gate"}}
    assert calls(ask(client, [{"role": "user", "content": "Status of UA900?"}], tool_choice=named))[0][0] == \
        "get_departure_gate"
    none = ask(client, [{"role": "user", "content": "Is flight LH2031 late?"}], tool_choice="none")
    assert none.message.tool_calls is None and none.finish_reason == "stop"


CITY_WEATHER = tool("get_weather", "Current weather in a city.", {"city": {"type": "string"}})
RESTART = tool("restart_service", "Restart a service on a host.",
               {"host": {"type": "string", "description": "Hostname"}, "service": {"type": "string"}})


@pytest.mark.parametrize("text, tools, choice", [
    ("Tell me a joke about penguins.", [CITY_WEATHER], "any"),
    ("what's it like outside today?", [CITY_WEATHER], "required"),
    ("Weather please, the usual place", [CITY_WEATHER], {"type": "function", "function": {"name": "get_weather"}}),
    ("hello there", [CITY_WEATHER, FLIGHT], "any"),
    ("Status of my flight please, it leaves at 9", [FLIGHT], "any"),
    ("Can you check on the flight? Thanks!", TOOLS, {"type": "function", "function": {"name": "get_flight_status"}}),
    ("the box on web-03 is wedged, kick it", [RESTART], "any"),
    ("Is it going to rain in Rome or in Florence?", [CITY_WEATHER], "any"),
    ("Book room Orchid for 6 people", [BOOK], "any"),
    ("what's the gate?", [FLIGHT, GATE], "required"),
])
def test_a_forced_call_never_makes_up_a_required_argument(client, text, tools, choice):
    """tool_choice promises a call, and the learner's code will index its arguments. When a required argument
    is not in the request (or cannot be delimited), the offline backend makes no call rather than a call
    without it or with a guess: an honest decline, with finish_reason "error" and the argument it lacks."""
    out = ask(client, [{"role": "user", "content": text}], tools=tools, tool_choice=choice)
    assert out.message.tool_calls is None and out.finish_reason == "error"
    assert out.message.content.startswith("The offline backend") and "tool_choice forces a call" in out.message.content


def test_a_forced_call_is_made_when_every_required_argument_is_read(client):
    named = {"type": "function", "function": {"name": "get_departure_gate"}}
    out = ask(client, [{"role": "user", "content": "Hi, flying on KL1002 tonight"}], tools=[FLIGHT, GATE],
              tool_choice=named)
    assert out.finish_reason == "tool_calls" and calls(out) == [("get_departure_gate", {"flight_number": "KL1002"})]
    out = ask(client, [{"role": "user", "content": "Tell me a joke."}], tool_choice="any",
              tools=[tool("get_time", "The current time.", {})])
    assert calls(out) == [("get_time", {})]  # nothing is required, so nothing is made up
    missing = ask(client, [{"role": "user", "content": "Tell me a joke."}], tool_choice="any", stream=False,
                  tools=[FLIGHT, tool("get_time", "The current time.", {})])
    assert missing.finish_reason == "error"  # two tools and no fit: picking one would be a guess


STOCK_PRICE = tool("get_stock_price", "Latest share price for a ticker symbol.", {"ticker": {"type": "string"}})
WEB_SEARCH = tool("web_search", "Search the web.", {"query": {"type": "string"}})


@pytest.mark.parametrize("text, called", [
    ("whats TSLA at rn", [("get_stock_price", {"ticker": "TSLA"})]),
    ("what is AMZN trading at today", [("get_stock_price", {"ticker": "AMZN"})]),
    ("hello", None),  # no tool holds an argument: which to call would be a guess
    ("NVDA or AMD, which one is up today?", None),  # two tickers: the one to look up is not delimited
])
def test_a_forced_call_with_no_tool_words_goes_to_the_one_tool_whose_arguments_the_request_holds(client, text,
                                                                                                  called):
    out = ask(client, [{"role": "user", "content": text}], tools=[WEB_SEARCH, STOCK_PRICE], tool_choice="any")
    if called is None:
        assert out.finish_reason == "error" and out.message.tool_calls is None
    else:
        assert calls(out) == called


def test_a_forced_call_that_is_not_made_streams_its_reason(client):
    chunks = list(client.chat.stream(model=MODEL, messages=[{"role": "user", "content": "hello"}], tools=[CITY_WEATHER],
                                     tool_choice="any"))
    assert chunks[-1].data.choices[0].finish_reason == "error"
    assert "city" in "".join(c.data.choices[0].delta.content or "" for c in chunks)


def test_final_answer_states_the_results(client):
    functions = {"get_flight_status": lambda flight_number: {"status": "delayed 40 minutes"}}
    answer, messages = run_tools(client, [{"role": "user", "content": "What's the status of QF1?"}], [FLIGHT], functions)
    assert "delayed 40 minutes" in answer and "QF1" in answer
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"]


def test_bad_calls_become_error_results_never_exceptions():
    tools = [FLIGHT]
    functions = {"get_flight_status": lambda flight_number: {"status": "on time"}}
    assert "no function named" in call_tool("launch_rocket", "{}", tools, functions)["error"]
    assert "not valid JSON" in call_tool("get_flight_status", "{flight: 1", tools, functions)["error"]
    assert "invalid arguments" in call_tool("get_flight_status", '{"flight_number": 7}', tools, functions)["error"]
    assert "invalid arguments" in call_tool("get_flight_status", "{}", tools, functions)["error"]
    boom = {"get_flight_status": lambda flight_number: 1 / 0}
    assert "ZeroDivisionError" in call_tool("get_flight_status", '{"flight_number": "X1"}', tools, boom)["error"]
    assert call_tool("get_flight_status", {"flight_number": "X1"}, tools, functions) == {"status": "on time"}


def test_the_loop_is_bounded(client):
    functions = {"get_flight_status": lambda flight_number: {"status": "on time"}}
    answer, _ = run_tools(client, [{"role": "user", "content": "Status of BA117?"}], [FLIGHT], functions,
                          tool_choice="any", max_rounds=1)
    assert answer.startswith("Stopped after 1 round")


def test_currencies_named_in_words_or_signs_fill_a_pair():
    from mistral_course.offline.engine.tools import currency_codes

    assert currency_codes("How much are 250 euros in brazilian reais?") == ["EUR", "BRL"]
    assert currency_codes("100 canadian dollars to USD, or £20 in ¥") == ["CAD", "USD", "GBP", "JPY"]
    assert currency_codes("no money here") == []


def test_places_joined_by_and_become_parallel_calls():
    from mistral_course.offline.engine import values

    text = "Our school trip goes to Japan next week: what's the weather in both Kyoto and Osaka?"
    assert values.places(text) == ["Kyoto", "Osaka"]
    assert values.identifiers("order 55-81723, booked 2026-08-09, staff E-1174") == ["55-81723", "E-1174"]


def test_a_number_too_ambiguous_to_read_is_unknown_not_guessed():
    from mistral_course.offline.engine import values

    assert values.parse_number("2.800") is None  # 2,800 in Brazil, 2.8 in Britain
    assert values.number("rent", "3 bedrooms, 2 bathrooms, rent 2.800 reais a month") is None
    assert values.number("rent", "3 bedrooms, rent 2,800 reais a month") == 2800


# ----------------------------------------------------------------- ask back only for what is missing, else decline
WEATHER = tool("get_weather", "Current weather for a city", {"city": {"type": "string"}})
HOTEL = tool("book_hotel", "Book a hotel room", {"city": {"type": "string"}, "check_in": {"type": "string", "format": "date"},
                                                 "nights": {"type": "integer"}})
TICKET = tool("create_ticket", "Open a support ticket",
              {"title": {"type": "string"}, "priority": {"type": "string", "enum": ["low", "medium", "high"]}})
SEARCH = tool("search_docs", "Search the documentation", {"query": {"type": "string"}})


def skill_of(http, text, tools):
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": [{"role": "user", "content": text}],
                                                        "tools": tools})
    message = response.json()["choices"][0]["message"]
    return response.headers["x-offline-skill"], message


@pytest.mark.parametrize("text, tools, asked", [
    ("Could you check the weather for me? I'm going out tonight.", [WEATHER], "city"),
    ("Book me a hotel in Vienna for 3 nights.", [HOTEL], "check in"),
    ("Open a ticket please, the VPN keeps dropping", [TICKET], "priority"),
])
def test_a_missing_argument_is_asked_for(http, text, tools, asked):
    skill, message = skill_of(http, text, tools)
    assert skill == "tools" and not message.get("tool_calls") and asked in message["content"]


@pytest.mark.parametrize("text, tools", [
    ("Is it raining in New York or should I stay in Boston?", [WEATHER]),      # two cities, no choice made
    ("Flying from Rome to Oslo, how cold is it there?", [WEATHER]),            # which one is 'there'?
    ("hotel in Rome or Florence, 2026-07-01, 3 nights", [HOTEL]),              # a choice, not two bookings
    ("2 nights in Paris starting June 3rd", [HOTEL]),                          # a date without its year
    ("Open a ticket titled Printer jammed, priority high or medium", [TICKET]),
    ("how do I rotate my API key? search the docs", [SEARCH]),                # the whole request is no query
    ("Call get_weather with city set to the capital of France", [WEATHER]),   # a country is no city
])
def test_an_argument_the_request_holds_but_does_not_delimit_is_declined(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert skill == "decline" and not message.get("tool_calls")
    assert "offline backend" in message["content"]


@pytest.mark.parametrize("text, tools, expected", [
    ("Open a ticket titled Printer jammed, priority high", [TICKET],
     {"title": "Printer jammed", "priority": "high"}),
    ("create ticket 'VPN drops every hour', not high priority, medium", [TICKET],
     {"title": "VPN drops every hour", "priority": "medium"}),
    ("hotel in Rome from 2026-07-01 for 3 nights", [HOTEL], {"city": "Rome", "check_in": "2026-07-01", "nights": 3}),
    ('search the docs for "webhook retries"', [SEARCH], {"query": "webhook retries"}),
])
def test_delimited_arguments_are_called(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert skill == "tools"
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


def test_one_currency_after_into_is_the_target_and_the_source_is_asked():
    from mistral_course.offline.engine.tools import _currency_role

    assert _currency_role("convert 4,000 into Swiss francs") == 1
    assert _currency_role("how much is 50 GBP worth?") is None
    assert _currency_role("I have 50 GBP to change") == 0


ORDER_STATUS = tool("get_order_status", "Status of an order", {"order_id": {"type": "string"}})
CANCEL = tool("cancel_order", "Cancel an order", {"order_id": {"type": "string"}})
REFUND = tool("issue_refund", "Refund an order", {"order_id": {"type": "string"}, "amount": {"type": "number"}},
              ["order_id", "amount"])
EMAIL = tool("send_email", "Send an email", {"to": {"type": "string", "description": "Recipient email address"},
                                             "subject": {"type": "string"}, "body": {"type": "string"}})


def test_a_question_about_a_state_never_acts(http):
    skill, message = skill_of(http, "is my order 55-1200 cancelled?", [ORDER_STATUS, CANCEL])
    assert [c["function"]["name"] for c in message["tool_calls"]] == ["get_order_status"]
    skill, message = skill_of(http, "is my order 55-1200 cancelled?", [CANCEL])
    assert skill == "decline" and not message.get("tool_calls")
    skill, message = skill_of(http, "Can you cancel my order 55-1200?", [CANCEL])
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [{"order_id": "55-1200"}]


def test_one_action_is_one_call(http):
    skill, message = skill_of(http, "Approved: refund 18.50 on order 55-B-0921, go ahead", [ORDER_STATUS, REFUND, CANCEL])
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in message["tool_calls"]] == [
        ("issue_refund", {"order_id": "55-B-0921", "amount": 18.5})]


@pytest.mark.parametrize("text, body", [
    ("Email jo@shop.example with subject 'Delivery' saying the parcel ships tomorrow.", "the parcel ships tomorrow"),
    ("email jo@shop.example, subject: Delivery, and let her know the parcel ships tomorrow", "the parcel ships tomorrow"),
])
def test_a_message_body_in_words(http, text, body):
    skill, message = skill_of(http, text, [EMAIL])
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {
        "to": "jo@shop.example", "subject": "Delivery", "body": body}


WEB = tool("web_search", "Search the web", {"query": {"type": "string"}, "max_results": {"type": "integer"}}, ["query"])
FLIGHTS = tool("search_flights", "Search flights", {"origin": {"type": "string"}, "destination": {"type": "string"},
                                                    "passengers": {"type": "integer"}}, ["origin", "destination"])


@pytest.mark.parametrize("text, tools, expected", [
    ('search the web for "error 404 nginx"', [WEB], {"query": "error 404 nginx"}),       # 404 belongs to the query
    ('search for "iPhone 15 battery", top 3', [WEB], {"query": "iPhone 15 battery", "max_results": 3}),
    ("flights from Lisbon to Oslo for my 40th birthday", [FLIGHTS], {"origin": "Lisbon", "destination": "Oslo"}),
    ("flights from Lisbon to Oslo, we are 2 adults", [FLIGHTS], {"origin": "Lisbon", "destination": "Oslo", "passengers": 2}),
])
def test_an_optional_number_needs_its_own_word(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


# Probes written for issue 13d, in several voices: one number is one argument, lengths of time in the argument's
# unit, values delimited right after the argument's word, currencies by their word or connective, and no question
# back when the request may hold the value in words no reader delimits.
LATE_FEE = tool("late_fee", "Work out the late fee for an overdue invoice.",
                {"amount_due": {"type": "number", "description": "Invoice amount in EUR"},
                 "days_overdue": {"type": "integer", "description": "Days past the due date"}})
HOTEL = tool("book_hotel", "Book hotel rooms.", {"city": {"type": "string"}, "nights": {"type": "integer"},
                                                 "guests": {"type": "integer"}})
MAIL = tool("send_mail", "Send an email.", {"to": {"type": "string"}, "subject": {"type": "string"},
                                            "body": {"type": "string"}})
REMINDER = tool("add_reminder", "Create a reminder.",
                {"label": {"type": "string"}, "time": {"type": "string", "description": "HH:MM, 24-hour"}})
MEETING = tool("create_meeting", "Put a meeting in the calendar.",
               {"title": {"type": "string"}, "date": {"type": "string", "description": "YYYY-MM-DD"},
                "duration_minutes": {"type": "integer", "description": "Length in minutes"}}, ["title", "date"])
FORECAST = tool("get_forecast", "Weather forecast for a city.",
                {"city": {"type": "string"}, "units": {"type": "string", "enum": ["metric", "imperial"]}}, ["city"])
FX_RATE = tool("fx_rate", "Exchange rate between two currencies.",
               {"base": {"type": "string", "description": "ISO code"}, "quote": {"type": "string", "description": "ISO code"}})
PARCEL = tool("track_parcel", "Track a parcel.", {"tracking_number": {"type": "string"}})
REPORT = tool("run_report", "Aggregate a column of a table.", {"table": {"type": "string"}, "column": {"type": "string"},
              "agg": {"type": "string", "enum": ["avg", "sum", "min", "max", "count"]}})


@pytest.mark.parametrize("text, tools, expected", [
    ("Invoice of EUR 1,200 is 20 days overdue - late fee?", [LATE_FEE], {"amount_due": 1200, "days_overdue": 20}),
    ("book 2 nights in Lyon for 2 guests", [HOTEL], {"city": "Lyon", "nights": 2, "guests": 2}),
    ('mail ana@ex.org subject "Lunch" body "See you at 1"', [MAIL], {"to": "ana@ex.org", "subject": "Lunch",
                                                                    "body": "See you at 1"}),
    ("remind me at 07:45 to walk the dog, label it 'dog walk'", [REMINDER], {"label": "dog walk", "time": "07:45"}),
    ('Schedule "Design review" on 2026-04-02, 45 minutes.', [MEETING],
     {"title": "Design review", "date": "2026-04-02", "duration_minutes": 45}),
    ('Schedule "Design review" on 2026-04-02 for an hour and a half.', [MEETING],
     {"title": "Design review", "date": "2026-04-02", "duration_minutes": 90}),
    ('Schedule "Design review" on 2026-04-02, 2 hours long', [MEETING],
     {"title": "Design review", "date": "2026-04-02", "duration_minutes": 120}),
    ("rate for base CHF, quote JPY", [FX_RATE], {"base": "CHF", "quote": "JPY"}),
    ("how many JPY per CHF right now?", [FX_RATE], {"base": "CHF", "quote": "JPY"}),
    ("where's parcel 1Z999AA10123456784", [PARCEL], {"tracking_number": "1Z999AA10123456784"}),
])
def test_probes_that_call(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert skill == "tools" and [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


@pytest.mark.parametrize("text, tools, asked", [
    ("what fee do I owe if I pay 20 days late?", [LATE_FEE], "amount due"),  # 20 is the days, not the amount too
    ("hotel in Lyon, 3 people", [HOTEL], "nights"),
    ("Could you book us a hotel in Ghent for 4 nights?", [HOTEL], "guests"),
    ("where is my parcel?", [PARCEL], "tracking number"),
    ("send an email to jo@x.com", [MAIL], "subject and body"),
    ("what's the forecast like?", [FORECAST], "city"),
])
def test_probes_that_ask_for_exactly_what_is_missing(http, text, tools, asked):
    skill, message = skill_of(http, text, tools)
    assert skill == "tools" and not message.get("tool_calls") and f"the {asked}?" in message["content"]


@pytest.mark.parametrize("text, tools", [
    ("forecast bergen + tromso pls", [FORECAST]),        # two lower-case cities: neither a question nor a guess
    ("weather oslo", [FORECAST]),                        # a terse request: the word after the tool's is the city
    ("JPY, CHF rate", [FX_RATE]),                        # nothing says which is the base
    ("Give me the mean of `price` in table `orders`.", [REPORT]),  # which backticked word is the column?
    ("What does a late fee mean?", [LATE_FEE]),          # a question about meaning needs no tool
    ("Schedule \"Design review\" on 2026-04-02, 2 hours, or maybe 3 hours", [MEETING]),
])
def test_probes_that_decline(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert skill == "decline" and not message.get("tool_calls")


UNIT_CONVERTER = tool("convert_units", "Convert a value between units.",
                      {"value": {"type": "number"}, "from_unit": {"type": "string"}, "to_unit": {"type": "string"}})
TABLE = tool("book_table", "Reserve a restaurant table.",
             {"restaurant": {"type": "string"}, "date": {"type": "string", "description": "YYYY-MM-DD"},
              "time": {"type": "string", "description": "24-hour HH:MM"}, "party_size": {"type": "integer"}})
WEATHER_CF = tool("get_weather", "Current weather for a city.",
                  {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["C", "F"]}}, ["city"])
CONVERT_MONEY = tool("convert_currency", "Convert an amount between currencies.",
                     {"amount": {"type": "number"}, "from_currency": {"type": "string"}, "to_currency": {"type": "string"}})
RATE_OF = tool("get_exchange_rate", "Current exchange rate.",
               {"base": {"type": "string", "description": "ISO code"}, "quote": {"type": "string", "description": "ISO code"}})


@pytest.mark.parametrize("text, tools, expected", [
    ("what's 30 miles in km?", [UNIT_CONVERTER], [("convert_units", {"value": 30, "from_unit": "miles", "to_unit": "km"})]),
    ("how many GiB is 52428800 KiB", [UNIT_CONVERTER],
     [("convert_units", {"value": 52428800, "from_unit": "KiB", "to_unit": "GiB"})]),
    ("weather in Madrid in fahrenheit", [WEATHER_CF], [("get_weather", {"city": "Madrid", "unit": "F"})]),
    ("Madrid weather, °C please", [WEATHER_CF], [("get_weather", {"city": "Madrid", "unit": "C"})]),
    ("how much is 50 quid in euros", [CONVERT_MONEY],
     [("convert_currency", {"amount": 50, "from_currency": "GBP", "to_currency": "EUR"})]),
    ("Convert 250 EUR to USD", [CONVERT_MONEY, RATE_OF],  # one action, one call: 'rate' is only what 'convert' implies
     [("convert_currency", {"amount": 250, "from_currency": "EUR", "to_currency": "USD"})]),
])
def test_probes_units_scales_and_one_conversion(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in message["tool_calls"]] == expected


@pytest.mark.parametrize("text", [
    "Table for 4 at Nonna's tomorrow at 7pm",                           # a relative date: no guess, no question back
    "Table for four at Nonna's on 2 May 2026 at half past seven",       # a time in words
    "Table for 4 at Nonna's on 2026-05-02 at 7",                        # 7 in the morning or the evening?
    "table at Nonna's on 2026-05-02 at 19:00 for me and my two kids",   # two kids are part of the party
])
def test_probes_with_a_value_written_in_a_form_no_reader_delimits_decline(http, text):
    skill, message = skill_of(http, text, [TABLE])
    assert skill == "decline" and not message.get("tool_calls")


def test_probe_pounds_of_weight_are_no_currency(http):
    skill, message = skill_of(http, "convert 5 kg to pounds", [CONVERT_MONEY])
    assert skill == "decline" and not message.get("tool_calls")


NOW_WEATHER = tool("get_current_weather", "Weather right now in a city.", {"city": {"type": "string"}})
FORECAST_ON = tool("get_forecast", "Forecast for a city on a future date.",
                   {"city": {"type": "string"}, "date": {"type": "string", "description": "YYYY-MM-DD"}})
FIND_FLIGHTS = tool("search_flights", "Find flights between two cities.",
                    {"origin": {"type": "string"}, "destination": {"type": "string"},
                     "date": {"type": "string", "description": "YYYY-MM-DD"}})
TABLE_FOR = tool("book_table", "Reserve a restaurant table.", {"restaurant": {"type": "string"},
                                                               "party_size": {"type": "integer"}})


@pytest.mark.parametrize("text, tools, expected", [
    ("will it rain in Bergen on 2026-04-03?", [NOW_WEATHER, FORECAST_ON],  # the tool that takes the date given
     [("get_forecast", {"city": "Bergen", "date": "2026-04-03"})]),
    ("how hot is it in Seville right now", [NOW_WEATHER, FORECAST_ON], [("get_current_weather", {"city": "Seville"})]),
    ("Weather in St. Louis now?", [NOW_WEATHER], [("get_current_weather", {"city": "St. Louis"})]),
    ("Flights Dublin -> Porto 2026-05-10", [FIND_FLIGHTS],
     [("search_flights", {"origin": "Dublin", "destination": "Porto", "date": "2026-05-10"})]),
])
def test_probes_the_right_tool_and_whole_places(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in message["tool_calls"]] == expected


@pytest.mark.parametrize("text, tools", [
    ("What's the weather in Paris, Texas?", [NOW_WEATHER]),     # a city and its state, not two cities
    ("table at Rosa's for me and my wife", [TABLE_FOR]),         # the party is given in words
])
def test_probes_values_in_words_decline(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert skill == "decline" and not message.get("tool_calls")


def slot(name, description, kind="string"):
    return tool("book_slot", "Book a slot.", {name: {"type": kind, "description": description}})


@pytest.mark.parametrize("text, schema_tool, expected", [  # the form the argument's description asks for
    ("book a slot on 2026-05-02", slot("date", "Date as DD/MM/YYYY"), {"date": "02/05/2026"}),
    ("book a slot on 2 May 2026", slot("date", "Date as MM/DD/YYYY"), {"date": "05/02/2026"}),
    ("book a slot on 2026-05-02", slot("date", "Date, format YYYYMMDD"), {"date": "20260502"}),
    ("book a slot at 7pm", slot("time", "Time in 12-hour format, e.g. 7:30 PM"), {"time": "7:00 PM"}),
    ("book a slot at 7pm", slot("time", "Time as HH:MM"), {"time": "19:00"}),
    ("book a slot for 2026-05-02 at 19:30", slot("start", "ISO 8601 date-time"), {"start": "2026-05-02T19:30"}),
    ("book a slot, start: 2026-05-06T10:00", slot("start", "Start datetime, ISO 8601"), {"start": "2026-05-06T10:00"}),
    ("pay €12.50", tool("pay", "Pay an amount.", {"amount": {"type": "integer", "description": "Amount in cents"}}),
     {"amount": 1250}),
    ("pay 12.50 EUR", tool("pay", "Pay an amount.", {"amount": {"type": "number"}, "currency": {
        "type": "string", "description": "lowercase ISO code, e.g. usd"}}), {"amount": 12.5, "currency": "eur"}),
    ("call +44 20 7946 0958", tool("call", "Phone someone.", {"phone": {"type": "string", "description": "E.164, e.g. +442079460958"}}),
     {"phone": "+442079460958"}),
])
def test_probes_arguments_in_the_asked_form(http, text, schema_tool, expected):
    skill, message = skill_of(http, text, [schema_tool])
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


@pytest.mark.parametrize("text, schema_tool", [
    ("book a slot on 2026-05-02", slot("when", "Unix timestamp", "integer")),   # a form this cannot write
    ("weather in Oslo in kelvin", tool("weather", "Weather.", {"city": {"type": "string"}, "unit": {
        "type": "string", "enum": ["celsius", "fahrenheit"]}})),                  # a unit the enum does not hold
    ("pay 12.50", tool("pay", "Pay an amount.", {"amount": {"type": "integer"}})),  # 12.5 is no integer
])
def test_probes_a_value_given_in_a_form_the_schema_cannot_take_declines(http, text, schema_tool):
    skill, message = skill_of(http, text, [schema_tool])
    assert skill == "decline" and not message.get("tool_calls")


def test_probe_currency_codes_beyond_the_majors_and_not_everyday_words():
    from mistral_course.offline.engine.tools import currency_codes

    assert currency_codes("what's the KES to NGN rate, base KES") == ["KES", "NGN"]
    assert currency_codes("can you try converting 50 usd to eur") == ["USD", "EUR"]  # 'try' is no lira


OPTIONAL_DATE = tool("get_forecast", "Forecast for a city.", {"city": {"type": "string"}, "date": {
    "type": "string", "description": "YYYY-MM-DD, today when left out"}}, ["city"])


@pytest.mark.parametrize("text, expected", [
    ("forecast for Oslo please", "call"),
    ("forecast for Oslo on 2026-05-02", "call"),
    ("forecast for Oslo on May 2nd", "decline"),       # the date is given, without its year: no call that drops it
    ("forecast for Oslo next Friday", "decline"),
])
def test_probes_an_optional_date_given_in_an_unread_form_is_not_dropped(http, text, expected):
    skill, message = skill_of(http, text, [OPTIONAL_DATE])
    assert ("call" if message.get("tool_calls") else skill) == expected


def test_probe_a_one_word_reply_in_lower_case_is_not_asked_for_again(http):
    messages = [{"role": "user", "content": "what's the weather like?"},
                {"role": "assistant", "content": "Could you tell me the city?"},
                {"role": "user", "content": "lisbon please"}]
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": messages, "tools": [NOW_WEATHER]})
    assert response.headers["x-offline-skill"] == "decline"


def test_probe_a_currency_code_is_no_ticker():
    from mistral_course.offline.engine.tools import ticker

    assert ticker("price of AAPL in USD?") == "AAPL"
    assert ticker("is NVDA or AMD higher, ASAP") is None


# ---------------------------------------------------------------- issue 13e: families where unseen writers got wrong calls
ORDER_LOOKUP = tool("get_order_status", "Look up the status of an order.", {"order_id": {"type": "string"}})
ORDER_CANCEL = tool("cancel_order", "Cancel an order.", {"order_id": {"type": "string"}})
MAILER = tool("send_email", "Send an email.", {"to": {"type": "string"}, "subject": {"type": "string"},
                                              "body": {"type": "string"}})
PAY_BACK = tool("refund_order", "Refund an order.", {"order_id": {"type": "string"}})


@pytest.mark.parametrize("text, tools", [
    ("Please DON'T cancel order 48213, I still want it", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("do not cancel 48213!!", [ORDER_CANCEL]),
    ("hold off on cancelling order 77120 for now", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("I was going to cancel order 48213 but changed my mind. Is it shipped?", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("should I cancel order 55102? it's late", [ORDER_CANCEL]),
    ("no need to cancel order 99120, it arrived", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("Cancel order 48213. Actually, scratch that.", [ORDER_CANCEL]),
    ("i dont want to cancel 48213 yet, just checking", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("Never mind, don't send the email to bob@example.com", [MAILER]),
    ("not sure whether to refund order A-17, what do you think?", [PAY_BACK]),
])
def test_an_action_the_request_takes_back_or_holds_off_is_never_called(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert not message.get("tool_calls") and skill != "tools"


@pytest.mark.parametrize("text, expected", [
    ("cancel order 48213", ("cancel_order", {"order_id": "48213"})),
    ("Cancel order 48213, I don't need it any more.", ("cancel_order", {"order_id": "48213"})),
    ("I don't know why it's late, but please cancel order 48213", ("cancel_order", {"order_id": "48213"})),
])
def test_an_action_asked_outright_is_still_called(http, text, expected):
    skill, message = skill_of(http, text, [ORDER_LOOKUP, ORDER_CANCEL])
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in message["tool_calls"]] == [expected]


@pytest.mark.parametrize("text, tools", [
    ("Thanks, the weather in Porto was lovely last week!", [WEATHER]),
    ("I cancelled order 4471 yesterday.", [ORDER_LOOKUP, ORDER_CANCEL]),
    ("We flew from Dublin to Porto last month, it was great.", [FIND_FLIGHTS]),
    ("Got the email from ana@example.com yesterday.", [MAILER]),
    ("My order 48213 arrived yesterday, all good.", [ORDER_LOOKUP]),
    ("The weather in Oslo was awful two days ago. Rained the whole time.", [WEATHER]),
])
def test_a_request_that_only_tells_about_the_past_calls_nothing(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert not message.get("tool_calls") and skill != "tools"


@pytest.mark.parametrize("text, tools, name", [
    ("convert 1250 AUD to NZD for me, got a job over in Auckland", [CONVERT_MONEY], "convert_currency"),
    ("My order 48213 was due yesterday, where is it?", [ORDER_LOOKUP], "get_order_status"),
    ("Order 48213 was late again. Status please", [ORDER_LOOKUP], "get_order_status"),
])
def test_a_request_about_something_past_that_asks_still_calls(http, text, tools, name):
    skill, message = skill_of(http, text, tools)
    assert [c["function"]["name"] for c in message["tool_calls"]] == [name]


@pytest.mark.parametrize("text", [
    "It was so hot in Madrid yesterday! Anyway, how is Berlin today?",
    "Lisbon was sunny when I left. What about Porto now?",
    "whats the weather in new york city",        # lower-case words after 'in': the city, undelimited
    "weather in são paulo pls",
])
def test_a_place_the_question_does_not_delimit_declines_rather_than_asks_or_guesses(http, text):
    skill, message = skill_of(http, text, [WEATHER])
    assert skill == "decline" and not message.get("tool_calls")


def test_a_place_named_before_the_question_that_names_none_is_read(http):
    skill, message = skill_of(http, "My sister Maria lives in Lyon. What's the weather there?", [WEATHER])
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"city": "Lyon"}


@pytest.mark.parametrize("text, tools", [
    ("change 300 dollars into pesos", [CONVERT_MONEY]),       # which pesos?
    ("how many yen is 50 bucks", [CONVERT_MONEY]),
    ("Remind me at 9 tomorrow to take my pills",
     [tool("create_reminder", "Create a reminder.", {"text": {"type": "string"}, "datetime": {
         "type": "string", "description": "ISO 8601 date and time"}})]),
    ("Any flights between Rome and Milan on 2026-07-03?", [FIND_FLIGHTS]),
])
def test_a_value_the_request_holds_is_never_asked_back(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert skill == "decline" and not message.get("tool_calls")


@pytest.mark.parametrize("text, tools, asked", [
    ("convert 80 to CHF", [CONVERT_MONEY], "from currency"),
    ("Could you convert 4,000 into Swiss francs, please?", [CONVERT_MONEY], "from currency"),
    ("flights from Paris on 2026-07-03", [FIND_FLIGHTS], "destination"),
    ("Weather in my city please", [WEATHER], "city"),
])
def test_what_the_request_lacks_is_still_asked(http, text, tools, asked):
    skill, message = skill_of(http, text, tools)
    assert skill == "tools" and f"the {asked}" in message["content"]


@pytest.mark.parametrize("text, tools, expected", [
    ("Can you book us a table for 3 at The Ivy on 2026-03-02 at 19:30?",
     [tool("book_table", "Book a table at a restaurant.", {"restaurant": {"type": "string"},
                                                          "party_size": {"type": "integer"},
                                                          "date": {"type": "string", "description": "YYYY-MM-DD"},
                                                          "time": {"type": "string", "description": "HH:MM"}})],
     {"restaurant": "The Ivy", "party_size": 3, "date": "2026-03-02", "time": "19:30"}),
    ("What's Jenny Alvarez's number?", [tool("lookup_contact", "Find a contact's phone number.",
                                             {"name": {"type": "string"}})], {"name": "Jenny Alvarez"}),
    ("Can you find me some info on the Treaty of Utrecht?", [tool("web_search", "Search the web.",
                                                                  {"query": {"type": "string"}})],
     {"query": "the Treaty of Utrecht"}),
    ("### Request\nSearch the web for: python 3.13 release notes\n\n### Constraints\n- Must use a tool",
     [tool("web_search", "Search the web.", {"query": {"type": "string"}})], {"query": "python 3.13 release notes"}),
])
def test_names_and_queries_are_read_whole_and_nothing_more(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


TOOL_ADVERSARIAL = {  # the tool skill's readers over long requests (the router's linear-time test sends no tools)
    "names and questions": lambda n: "It was hot in Rome. What about Oslo Berlin? " * (n // 44),
    "actions held off": lambda n: "don't cancel order 5, " * (n // 22),
    "currency words": lambda n: "convert pesos into dollars and " * (n // 31),
    "places after leads": lambda n: "weather in new york city for " * (n // 29),
    "past tense": lambda n: "It rained in Lisbon yesterday. " * (n // 31),
}


@pytest.mark.parametrize("name", list(TOOL_ADVERSARIAL))
def test_tool_work_grows_linearly_with_the_request(name):
    import time

    from mistral_course.offline.engine import Conversation, Engine, Turn

    tools = tuple(t["function"] for t in (CITY_WEATHER, ORDER_LOOKUP, ORDER_CANCEL, CONVERT_MONEY, FIND_FLIGHTS))
    engine = Engine()

    def seconds(text):
        conv = Conversation(MODEL, (Turn("user", text),), tools)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            engine.reply(conv)
            best = min(best, time.perf_counter() - started)
        return best

    seconds("weather in Oslo")  # warm up the embeddings
    small, large = seconds(TOOL_ADVERSARIAL[name](4_000)), seconds(TOOL_ADVERSARIAL[name](16_000))
    assert large <= 8 * small + 0.05, f"{name}: {small:.3f}s for 4k characters, {large:.3f}s for 16k"


SHOP_TOOLS = [ORDER_LOOKUP, ORDER_CANCEL, PAY_BACK]


@pytest.mark.parametrize("text", [
    "Can you tell me if order 88120 has been refunded yet?",
    "check whether order 88120 was cancelled",
    "I want to know if 88120 got refunded",
    "Has order 88120 already been cancelled?",
    "do you know if my order 88120 has been refunded",
])
def test_a_question_about_a_state_never_calls_the_tool_that_acts(http, text):
    skill, message = skill_of(http, text, SHOP_TOOLS)
    assert all(c["function"]["name"] == "get_order_status" for c in message.get("tool_calls") or [])


@pytest.mark.parametrize("text", [
    "order 88120: cancel pls. also where's 88121?",   # 88121's sentence has no word of the tool called
    "Cancel 88120 and 88121, refund 88122",           # 88121 stands alone: its action is not in its clause
])
def test_several_things_and_several_actions_are_never_crossed(http, text):
    skill, message = skill_of(http, text, SHOP_TOOLS)
    assert skill == "decline" and not message.get("tool_calls")


@pytest.mark.parametrize("text, expected", [
    ("cancel 88120 and refund 88121", [("cancel_order", "88120"), ("refund_order", "88121")]),
    ("Refund 88120, and cancel 88121 while you're at it", [("cancel_order", "88121"), ("refund_order", "88120")]),
])
def test_several_things_each_with_its_own_action_are_paired_by_clause(http, text, expected):
    skill, message = skill_of(http, text, SHOP_TOOLS)
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])["order_id"])
            for c in message["tool_calls"]] == expected


def test_several_things_for_one_action_are_parallel_calls(http):
    skill, message = skill_of(http, "Please cancel orders 88120 and 88121", SHOP_TOOLS)
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [{"order_id": "88120"},
                                                                                        {"order_id": "88121"}]


TIP = tool("calculate_tip", "Work out a tip.", {"bill": {"type": "number"}, "percent": {"type": "number"}})
DIRECTED = tool("search_flights", "Find flights between two cities.", {"origin": {"type": "string"},
                                                                       "destination": {"type": "string"}})


@pytest.mark.parametrize("text, tools, expected", [
    ("What's a 15% tip on $84.20?", [TIP], {"bill": 84.2, "percent": 15}),
    ("tip 20 percent on a bill of £46", [TIP], {"bill": 46, "percent": 20}),
    ("Book Dishoom for 2026-05-14 19:00, 4 ppl",
     [tool("book_table", "Book a table at a restaurant.", {"restaurant": {"type": "string"}, "party_size": {
         "type": "integer"}, "date": {"type": "string", "description": "YYYY-MM-DD"}, "time": {
         "type": "string", "description": "HH:MM"}})],
     {"restaurant": "Dishoom", "date": "2026-05-14", "time": "19:00", "party_size": 4}),
])
def test_probes_values_read_by_their_unit_and_names_without_the_verb(http, text, tools, expected):
    skill, message = skill_of(http, text, tools)
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


@pytest.mark.parametrize("text, tools", [
    ("tip for a 60 euro bill, 3 of us", [TIP]),                         # 3 is the party, not a percentage
    ("Open a ticket: printer on floor 3 is jammed", [tool("create_ticket", "Open a support ticket.",
                                                          {"title": {"type": "string"}})]),
    ("Translate this to French: I'll be there at 5.", [tool("translate", "Translate text.", {
        "text": {"type": "string"}, "target_language": {"type": "string"}})]),
    ("weather in Oslo right now", [FORECAST_ON]),                       # 'right now' is a date, written in words
])
def test_a_value_the_request_holds_is_declined_not_asked_or_guessed(http, text, tools):
    skill, message = skill_of(http, text, tools)
    assert skill == "decline" and not message.get("tool_calls")


def test_right_now_goes_to_the_tool_for_now(http):
    skill, message = skill_of(http, "weather in Oslo right now", [NOW_WEATHER, FORECAST_ON])
    assert [c["function"]["name"] for c in message["tool_calls"]] == ["get_current_weather"]


def test_the_only_place_of_a_one_way_request_is_its_destination_not_its_origin_too(http):
    skill, message = skill_of(http, "flights to Porto", [DIRECTED])
    assert skill == "tools" and message["content"].startswith("Could you tell me the origin?")


ROUTE = tool("get_directions", "Route between two places", {
    "origin": {"type": "string", "description": "Start place"}, "destination": {"type": "string", "description": "End place"},
    "mode": {"type": "string", "enum": ["walking", "driving", "transit"]}}, ["origin", "destination"])


@pytest.mark.parametrize("text, expected", [
    ("How I can go from Plaza Mayor to Estación Norte walking?",
     {"origin": "Plaza Mayor", "destination": "Estación Norte", "mode": "walking"}),
    ("I'm going from Kings Cross to Camden Town by bus", {"origin": "Kings Cross", "destination": "Camden Town",
                                                          "mode": "transit"}),
    ("walking from Plaza Mayor to Puerta del Sol", {"origin": "Plaza Mayor", "destination": "Puerta del Sol",
                                                    "mode": "walking"}),
    ("How do I get from Alfama to Belém on foot?", {"origin": "Alfama", "destination": "Belém", "mode": "walking"}),
])
def test_a_route_from_one_place_to_another_fits_a_tool_between_two_places(http, text, expected):
    skill, message = skill_of(http, text, [ROUTE, CITY_WEATHER])
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


@pytest.mark.parametrize("text", [
    "The train from Paris to Lyon was late, can I claim?",   # no one is going anywhere
    "Send the report from Anna to Bob",                       # people, and no way of moving
])
def test_from_a_to_b_without_a_way_of_moving_is_no_route(http, text):
    skill, message = skill_of(http, text, [ROUTE])
    assert not message.get("tool_calls")


def _turns(*pairs):
    return [{"role": role, "content": text} for role, text in pairs]


def test_the_latest_message_chooses_the_tool_and_earlier_ones_give_its_arguments(http):
    messages = _turns(("user", "status of order 4471?"), ("assistant", "Order 4471 has shipped."),
                      ("user", "ok cancel it"))
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": messages, "tools": SHOP_TOOLS})
    calls = response.json()["choices"][0]["message"]["tool_calls"]
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls] == \
        [("cancel_order", {"order_id": "4471"})]


@pytest.mark.parametrize("last", ["great, thanks", "ok cool", "thank you so much!", "perfect, cheers mate"])
def test_thanks_after_an_answer_calls_nothing_and_asks_nothing(http, last):
    messages = _turns(("user", "status of order 4471?"), ("assistant", "Order 4471 has shipped."), ("user", last))
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": messages, "tools": SHOP_TOOLS})
    assert response.headers["x-offline-skill"] != "tools"


@pytest.mark.parametrize("last", ["and 250?", "same for 75 please", "what about 1,000"])
def test_a_follow_up_number_is_never_replaced_by_the_older_one(http, last):
    messages = _turns(("user", "Convert 100 USD to EUR"), ("assistant", "100 USD is 92 EUR."), ("user", last))
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": messages, "tools": [CONVERT_MONEY]})
    calls = response.json()["choices"][0]["message"]["tool_calls"] or []
    assert all(json.loads(c["function"]["arguments"]).get("amount") != 100 for c in calls)


@pytest.mark.parametrize("text, expected", [
    ("where is order 4471?", "4471"),
    ("Ticket no. 512 is still open, status?", None),   # the tool's id is an order's: a ticket's number is not it
    ("order #4471 please", "4471"),
])
def test_a_short_number_after_its_identifier_word_is_the_identifier(http, text, expected):
    skill, message = skill_of(http, text, [ORDER_LOOKUP])
    got = [json.loads(c["function"]["arguments"])["order_id"] for c in message.get("tool_calls") or []]
    assert got == ([expected] if expected else [])


@pytest.mark.parametrize("text", [
    "How many US dollars would I get for 2,500 Japanese yen?",   # the target is named first
    "how many yen is 50 dollars",
    "what's 100 in euros? (it's in GBP)",                        # both after 'in': which is the target?
])
def test_a_currency_pair_written_target_first_or_twice_after_in_declines(http, text):
    skill, message = skill_of(http, text, [CONVERT_MONEY])
    assert skill == "decline" and not message.get("tool_calls")


@pytest.mark.parametrize("text, expected", [
    ("How much is 50 USD in EUR?", {"amount": 50, "from_currency": "USD", "to_currency": "EUR"}),
    ("How much are 250 euros in brazilian reais?", {"amount": 250, "from_currency": "EUR", "to_currency": "BRL"}),
    ("100 euros in dollars", {"amount": 100, "from_currency": "EUR", "to_currency": "USD"}),
])
def test_a_currency_pair_written_source_first_is_read(http, text, expected):
    skill, message = skill_of(http, text, [CONVERT_MONEY])
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [expected]


def test_a_value_given_as_a_json_member_is_read_without_its_colon(http):
    skill, message = skill_of(http, '{"city": "Zurich"} -> weather', [CITY_WEATHER])
    assert [json.loads(c["function"]["arguments"]) for c in message["tool_calls"]] == [{"city": "Zurich"}]


@pytest.mark.parametrize("text", [
    "web-03's postgres is stuck, restart it",   # 'postgres' may well be the service
    "bounce redis on cache-2 pls",
])
def test_a_short_request_with_a_word_no_argument_took_is_not_asked_back(http, text):
    skill, message = skill_of(http, text, [RESTART])
    assert skill == "decline" and not message.get("tool_calls")


WEATHER = tool("get_weather", "Current weather in a city.", {"city": {"type": "string"}})
MONEY = tool("convert_money", "Convert an amount between currencies.",
             {"amount": {"type": "number"}, "from_currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
              "to_currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]}})
SEARCH = tool("search_trains", "Search trains between two stations.",
              {"origin": {"type": "string"}, "destination": {"type": "string"}})


def test_a_forced_tool_never_takes_a_currency_code_for_a_place(client):
    choice = ask(client, [{"role": "user", "content": "Convert 100 EUR to USD"}], tools=[WEATHER],
                 tool_choice={"type": "function", "function": {"name": "get_weather"}})
    assert calls(choice) == [] and "city" in choice.message.content


def test_currency_codes_fill_enum_arguments_in_the_order_written(client):
    choice = ask(client, [{"role": "user", "content": "Convert 100 EUR to USD"}], tools=[WEATHER, MONEY])
    assert calls(choice) == [("convert_money", {"amount": 100, "from_currency": "EUR", "to_currency": "USD"})]


def test_a_search_tool_does_not_fit_any_question(client):
    choice = ask(client, [{"role": "user", "content": "What's 2+2?"}], tools=[SEARCH, WEATHER])
    assert calls(choice) == [] and "?" not in (choice.message.content or "")[-2:]


def test_a_state_and_a_date_asked_at_once_get_both_lookups(client):
    status = tool("retrieve_order_status", "Get the status of an order.", {"order_id": {"type": "string"}})
    date = tool("retrieve_order_date", "Get the date an order was placed.", {"order_id": {"type": "string"}})
    choice = ask(client, [{"role": "user", "content": "Is order A7731 shipped, and when?"}], tools=[status, date])
    assert sorted(name for name, _ in calls(choice)) == ["retrieve_order_date", "retrieve_order_status"]


def test_a_city_typed_in_small_letters_is_read_but_never_an_everyday_word(client):
    assert calls(ask(client, [{"role": "user", "content": "whats the weather in lisbon tomorrow"}], tools=[WEATHER])) \
        == [("get_weather", {"city": "Lisbon"})]
    for text in ["what's the weather in the morning?", "weather in paris or rome?", "weather in fahrenheit please"]:
        assert calls(ask(client, [{"role": "user", "content": text}], tools=[WEATHER])) == []


def test_a_request_that_says_not_to_do_it_calls_nothing(client):
    choice = ask(client, [{"role": "user", "content": "Don't check the weather in Oslo, I already know it's raining."}],
                 tools=[WEATHER])
    assert calls(choice) == [] and "offline backend" in choice.message.content


REBOOK = tool("rebook_passenger", "Move a passenger's booking onto another flight.",
              {"booking_ref": {"type": "string"}, "flight_number": {"type": "string"}, "date": {"type": "string"}})


def test_two_identifier_arguments_each_take_the_id_written_after_their_own_word(client):
    choice = ask(client, [{"role": "user", "content": "Please move booking ref ZK41PQ onto flight BA2290 on 2026-03-02."}],
                 tools=[REBOOK])
    assert calls(choice) == [("rebook_passenger", {"booking_ref": "ZK41PQ", "flight_number": "BA2290",
                                                   "date": "2026-03-02"})]
    unlabelled = ask(client, [{"role": "user", "content": "Rebook ZK41PQ BA2290 for 2026-03-02"}], tools=[REBOOK])
    assert not calls(unlabelled)  # which id is which? never one call per id with the other argument left out


NOTE = tool("add_note", "Add a note to a customer's file.", {"customer": {"type": "string"}, "topic": {"type": "string"},
                                                            "text": {"type": "string"}})


def test_terse_key_value_pairs_fill_the_arguments_even_a_long_last_value(client):
    choice = ask(client, [{"role": "user", "content": "note. customer: Ines Ward. topic: refund. "
                                                       "text: she was refunded twice for the same blue kettle"}],
                 tools=[NOTE])
    assert calls(choice) == [("add_note", {"customer": "Ines Ward", "topic": "refund",
                                           "text": "she was refunded twice for the same blue kettle"})]


ALARM = tool("set_alarm", "Set an alarm.", {"time": {"type": "string", "description": "24-hour HH:MM"}})


@pytest.mark.parametrize("said, clock", [("half six tomorrow morning", "06:30"), ("quarter to eight pm", "19:45"),
                                         ("half four in the afternoon", "16:30"), ("nine o'clock tonight", "21:00")])
def test_times_said_in_words_are_read_where_the_part_of_the_day_is_said(client, said, clock):
    choice = ask(client, [{"role": "user", "content": f"Set an alarm for {said}."}], tools=[ALARM])
    assert calls(choice) == [("set_alarm", {"time": clock})]


def test_a_time_in_words_without_morning_or_evening_is_not_guessed(client):
    choice = ask(client, [{"role": "user", "content": "Set an alarm for half six."}], tools=[ALARM])
    assert not calls(choice)


BALANCE = tool("get_account_balance", "The balance of an account.",
               {"account_id": {"type": "string"}, "currency": {"type": "string", "enum": ["GBP", "EUR", "USD"]}},
               required=["account_id"])
TRANSFER = tool("transfer_funds", "Move money between the customer's accounts.",
                {"from_account": {"type": "string"}, "to_account": {"type": "string"}, "amount": {"type": "number"},
                 "currency": {"type": "string", "enum": ["GBP", "EUR", "USD"]}, "reference": {"type": "string"}})


def test_a_request_to_act_is_never_answered_with_a_lookup_when_another_tool_acts(client):
    """The transfer's arguments are not all read; the balance tool's are, but it does not do what was asked."""
    choice = ask(client, [{"role": "user", "content": "Right, can you shift £1.8k from my savings (SV-1200) into my "
                                                       "current account CA-7781 please?"}], tools=[BALANCE, TRANSFER])
    assert not calls(choice)
    status = ask(client, [{"role": "user", "content": "What's the balance on SV-1200?"}], tools=[BALANCE, TRANSFER])
    assert calls(status) == [("get_account_balance", {"account_id": "SV-1200"})]


def test_a_code_of_letters_and_digits_in_three_parts_is_read_whole():
    from mistral_course.offline.engine import values
    assert values.identifiers("SKU is SHO-BLK-42, order A-6631045") == ["SHO-BLK-42", "A-6631045"]


def test_a_translation_asked_beside_tools_that_take_no_language_is_declined(client):
    search = tool("search_products", "Search the shop's catalogue.", {"query": {"type": "string"}})
    choice = ask(client, [{"role": "user", "content": 'Translate this review into German please: "Great toaster, '
                                                       'browns evenly."'}], tools=[search])
    assert not calls(choice) and "German" in choice.message.content


SUPPLIES = tool("order_equipment", "Order a replacement peripheral for an employee's desk.",
                {"item": {"type": "string", "enum": ["mouse", "keyboard", "monitor", "headset"]},
                 "desk": {"type": "string", "description": "Desk code, e.g. 2A-05"}}, required=["item", "desk"])


@pytest.mark.parametrize("text", [
    "Could you order pizzas for the team lunch on Friday?",   # the tool's verb, another thing: another errand
    "Write a few paragraphs on the history of the lighthouse for my notes.",
])
def test_a_request_sharing_only_a_verb_with_a_tool_gets_no_call_and_no_question(client, text):
    choice = ask(client, [{"role": "user", "content": text}], tools=[SUPPLIES])
    assert not calls(choice) and not choice.message.content.startswith("Could you tell me")
    assert "offline backend" in choice.message.content  # an honest decline


def test_the_tools_own_errand_with_its_value_missing_is_still_asked_back(client):
    choice = ask(client, [{"role": "user", "content": "Please order a new one for desk 2A-05, mine broke."}],
                 tools=[SUPPLIES])
    assert not calls(choice) and choice.message.content.startswith("Could you tell me the item?")


IT_TICKET = tool("create_ticket", "Open an IT support ticket.",
              {"summary": {"type": "string"},
               "priority": {"type": "string", "enum": ["low", "medium", "high"],
                            "description": "low = minor annoyance; medium = one person partly blocked; high = whole team "
                                           "stopped"}}, required=["summary", "priority"])
HOUSE_ALARM = tool("set_alarm_mode", "Arm or disarm the house alarm.",
             {"mode": {"type": "string", "enum": ["away", "home", "off"]},
              "pin": {"type": "string", "description": "4-digit alarm PIN"}})
HOLIDAY = tool("pause_membership", "Pause a gym membership from a date.",
               {"member_id": {"type": "string"}, "start_date": {"type": "string", "description": "YYYY-MM-DD"}})
SESSION = tool("book_session", "Book a session with a trainer.",
               {"trainer": {"type": "string"}, "minutes": {"type": "integer", "enum": [30, 60, 90]}})


def test_an_enum_value_the_description_explains_in_the_texts_words_is_read(client):
    choice = ask(client, [{"role": "user", "content": "Ticket please: the scanner on floor 2 is a minor annoyance, "
                                                     "summary: scanner jams"}], tools=[IT_TICKET])
    assert calls(choice) == [("create_ticket", {"summary": "scanner jams", "priority": "low"})]


def test_a_pin_of_the_described_number_of_digits_is_read(client):
    choice = ask(client, [{"role": "user", "content": "Set the alarm to away mode, the code is 4471."}], tools=[HOUSE_ALARM])
    assert calls(choice) == [("set_alarm_mode", {"mode": "away", "pin": "4471"})]


@pytest.mark.parametrize("tools, text", [
    ([HOLIDAY], "Please pause membership 30877 from the first of April, I'm having surgery."),
    ([SESSION], "Book me with trainer Marta for an hour and a half."),
])
def test_a_value_written_in_words_is_not_asked_back(client, tools, text):
    choice = ask(client, [{"role": "user", "content": text}], tools=tools)
    assert not choice.message.content.startswith("Could you tell me")


PICKUP = tool("schedule_pickup", "Book a courier collection.",
              {"date": {"type": "string", "format": "date"}, "parcels": {"type": "integer"}})
TRACK = tool("track_parcel", "Where a parcel is now.", {"tracking_number": {"type": "string"}})


def test_a_piece_of_a_postcode_is_no_identifier(client):
    choice = ask(client, [{"role": "user", "content": "Please collect 3 parcels from 14 Willow Lane, Harrogate HG1 2QT "
                                                     "on 2026-03-11."}], tools=[PICKUP, TRACK])
    assert ("track_parcel", {"tracking_number": "HG1"}) not in calls(choice)
    assert calls(choice) in ([("schedule_pickup", {"date": "2026-03-11", "parcels": 3})], [])


BALANCE = tool("get_account_balance", "Current balance of an account.", {"account_id": {"type": "string"}})
HISTORY = tool("list_transactions", "List transactions on an account in a date range.",
               {"account_id": {"type": "string"}, "start_date": {"type": "string", "description": "YYYY-MM-DD"},
                "end_date": {"type": "string", "description": "YYYY-MM-DD"}})


def test_two_fitting_tools_one_of_them_unreadable_is_no_half_answer(client):
    text = "I'd like to see every transaction on account 55012-A from the first to the tenth of May, please."
    choice = ask(client, [{"role": "user", "content": text}], tools=[BALANCE, HISTORY])
    assert not calls(choice)  # not the balance alone


BLOCK = tool("freeze_card", "Block a payment card immediately.",
             {"card_last4": {"type": "string", "description": "Last four digits of the card"},
              "reason": {"type": "string", "enum": ["lost", "stolen", "damaged"]}})


@pytest.mark.parametrize("text, expected", [
    ("someone nicked my card on the tram, it ends in 5521, block it pls", {"card_last4": "5521", "reason": "stolen"}),
    ("My card ending 0083 snapped in half, so it's damaged. Please block it.", {"card_last4": "0083",
                                                                                 "reason": "damaged"}),
])
def test_a_cards_last_four_and_an_everyday_word_for_the_reason_are_read(client, text, expected):
    assert calls(ask(client, [{"role": "user", "content": text}], tools=[BLOCK])) == [("freeze_card", expected)]


def test_two_cards_endings_for_one_card_argument_are_no_guess(client):
    text = "Block the card ending 1111 and the one ending 2222, both were in my lost wallet."
    assert calls(ask(client, [{"role": "user", "content": text}], tools=[BLOCK])) in ([], [
        ("freeze_card", {"card_last4": "1111", "reason": "lost"}), ("freeze_card", {"card_last4": "2222", "reason": "lost"})])

"""Function calling with tools the offline backend has never seen, and the safe tool runner.

Tools and wordings here are unlike lesson 04's payment example on purpose.
"""

import json

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
    assert ask(client, unrelated, tool_choice="any").finish_reason == "tool_calls"
    named = {"type": "function", "function": {"name": "get_departure_gate"}}
    assert calls(ask(client, [{"role": "user", "content": "Status of UA900?"}], tool_choice=named))[0][0] == \
        "get_departure_gate"
    none = ask(client, [{"role": "user", "content": "Is flight LH2031 late?"}], tool_choice="none")
    assert none.message.tool_calls is None and none.finish_reason == "stop"


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

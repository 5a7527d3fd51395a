"""JSON mode: JSON that fits the schema with values read from the text, or an honest decline; never a guess.

Schemas and texts differ from lesson 02's medical notes on purpose.
"""

import json
from enum import Enum
from typing import Optional

import jsonschema
import pytest
from pydantic import BaseModel

from conftest import user

MODEL = "mistral-small-latest"

LISTING = """Pull the listing's details out of this advert:
Cosy two-bedroom flat in Leeds, 68 m2, available from 2026-03-01. Rent is £950 per month. Pets are not allowed.
Contact: lettings@example.org

Answer as JSON shaped like this example:
{"city": "Paris", "bedrooms": 1, "rent": 1200, "pets_allowed": true, "available_from": "2025-01-31", "email": "a@b.c"}"""


def json_answer(client, prompt, **kwargs):
    r = client.chat.complete(model=MODEL, messages=user(prompt), response_format={"type": "json_object"}, **kwargs)
    return json.loads(r.choices[0].message.content)


def test_example_object_in_the_prompt(client):
    got = json_answer(client, LISTING)
    assert got == {"city": got["city"], "bedrooms": 2, "rent": 950, "pets_allowed": False,
                   "available_from": "2026-03-01", "email": "lettings@example.org"}
    assert "Leeds" in got["city"]


def test_property_map_with_enums_and_negation(client):
    prompt = """Read the support ticket and fill in the fields.
Ticket: The printer on floor 3 jams every morning. It is not urgent, but it is annoying. Reported by a woman in accounts, age 41.
Fields: {"urgent": {"type": "string", "enum": ["yes", "no"]},
         "department": {"type": "string", "enum": ["sales", "accounts", "legal"]},
         "reporter_gender": {"type": "string", "enum": ["male", "female", "other"]},
         "reporter_age": {"type": "integer"}}"""
    assert json_answer(client, prompt) == {"urgent": "no", "department": "accounts",
                                           "reporter_gender": "female", "reporter_age": 41}


class Level(str, Enum):
    beginner = "beginner"
    intermediate = "intermediate"
    expert = "expert"


class Contact(BaseModel):
    email: str
    phone: Optional[str] = None


class Applicant(BaseModel):
    years_experience: int
    level: Level
    relocating: bool
    contact: Contact


def test_pydantic_model_through_chat_parse(client):
    text = ("Applicant letter: I have 7 years of experience as a nurse and would call myself an expert. "
            "I am happy to relocate to Bristol. Reach me at sam.k@example.com or +44 20 7946 0958.")
    parsed = client.chat.parse(response_format=Applicant, model=MODEL, messages=user(text)).choices[0].message.parsed
    assert parsed.years_experience == 7 and parsed.level is Level.expert and parsed.relocating is True
    assert parsed.contact.email == "sam.k@example.com" and parsed.contact.phone.startswith("+44")


SCHEMAS = [
    {"type": "object", "properties": {"tags": {"type": "array", "items": {"enum": ["a", "b"]}, "minItems": 1},
                                      "score": {"type": "number"}, "note": {"type": ["string", "null"]}},
     "required": ["tags", "score", "note"], "additionalProperties": False},
    {"type": "object", "properties": {"inner": {"type": "object", "properties": {"n": {"type": "integer"}},
                                                "required": ["n"]}, "ok": {"type": "boolean"}},
     "required": ["inner", "ok"]},
    {"type": "object", "properties": {"kind": {"const": "fixed"}, "items": {"type": "array", "items": {"type": "string"}}},
     "required": ["kind", "items"]},
]


@pytest.mark.parametrize("schema", SCHEMAS)
@pytest.mark.parametrize("text", ["", "nothing useful here", "Score 4.5, tags b. ok? not ok. n is 12."])
def test_json_schema_answers_fit_or_decline_never_invent(http, schema, text):
    fmt = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}}
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(text or " "), "response_format": fmt})
    value = json.loads(r.json()["choices"][0]["message"]["content"])
    if r.headers["x-offline-skill"] == "decline":  # a required value the text does not give: no guess
        assert set(value) == {"error"} and "offline backend" in value["error"]
    else:
        jsonschema.validate(value, schema)


def test_a_text_that_gives_every_value_fills_the_schema(client):
    fmt = {"type": "json_schema", "json_schema": {"name": "answer", "schema": SCHEMAS[1], "strict": True}}
    text = "Inner count: n is 12. Is it ok? Yes, it is ok."
    r = client.chat.complete(model=MODEL, messages=user(text), response_format=fmt)
    assert json.loads(r.choices[0].message.content) == {"inner": {"n": 12}, "ok": True}


CONSTRAINED = {"type": "object", "additionalProperties": False, "required": ["age", "code"],
               "properties": {"age": {"type": "integer", "minimum": 18}, "code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}


@pytest.mark.parametrize("text", ["The applicant is 12 years old, code: ABC.", "The applicant is 30 years old, code: ab1."])
def test_constraints_are_honoured_or_the_answer_declines(http, text):
    fmt = {"type": "json_schema", "json_schema": {"name": "applicant", "schema": CONSTRAINED, "strict": True}}
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(text), "response_format": fmt})
    value = json.loads(r.json()["choices"][0]["message"]["content"])
    assert r.headers["x-offline-skill"] == "decline" and "does not fit the schema" in value["error"]


def test_constraints_that_hold_give_the_values(client):
    fmt = {"type": "json_schema", "json_schema": {"name": "applicant", "schema": CONSTRAINED, "strict": True}}
    r = client.chat.complete(model=MODEL, messages=user("The applicant is 30 years old, code: XKZ."), response_format=fmt)
    assert json.loads(r.choices[0].message.content) == {"age": 30, "code": "XKZ"}


def test_json_object_without_a_schema_wraps_the_answer(client):
    got = json_answer(client, "Hi! What can you do? Reply in JSON.")
    assert set(got) == {"answer"} and "offline" in got["answer"]


def test_json_asked_in_words_comes_fenced_like_a_chat_model(client):
    prompt = 'Give me JSON for this order: 3 lamps shipped to Oslo. Schema: {"quantity": 1, "city": "Rome"}'
    out = client.chat.complete(model=MODEL, messages=user(prompt)).choices[0].message.content
    assert out.startswith("Here is") and "```json" in out
    body = out.split("```json")[1].split("```")[0]
    assert json.loads(body) == {"quantity": 3, "city": "Oslo"}


def test_fields_named_in_words_make_the_schema(client):
    prompt = 'Extract the name, city and age of the person as JSON: "Ayla Demir, 34, moved from Izmir to Lyon last spring."'
    r = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": prompt}],
                             response_format={"type": "json_object"})
    assert json.loads(r.choices[0].message.content) == {"name": "Ayla Demir", "city": "Lyon", "age": 34}
    prompt = "Return the product, price and quantity from this order in JSON.\nOrder: 3 boxes of green tea at 4.50 euros each."
    r = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": prompt}],
                             response_format={"type": "json_object"})
    value = json.loads(r.choices[0].message.content)
    assert value["price"] == 4.5 and value["quantity"] == 3 and "green tea" in value["product"]


# ----------------------------------------------------------------- values from the learner's text, never the instruction
def test_values_come_from_the_text_not_from_the_instruction_or_the_system_prompt(http):
    body = {"model": MODEL, "response_format": {"type": "json_object"}, "messages": [
        {"role": "system", "content": "You are the order parser of Greenleaf Home Store. Reply with JSON with the "
                                      "keys store, total and city."},
        {"role": "user", "content": "Order confirmation: thanks for shopping at Oakridge Garden Centre in Leeds, "
                                    "total charged £89.90."}]}
    got = json.loads(http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]["content"])
    assert got["total"] == 89.9 and got["city"] == "Leeds"
    assert "Greenleaf" not in json.dumps(got)


@pytest.mark.parametrize("prompt", [
    "Extract start_date and end_date as JSON: 'Leave from 3 March 2026 until 14 March 2026.'",
    "Give me JSON with start_date and end_date. Leave: 3 March 2026 - 14 March 2026",
])
def test_a_start_and_an_end_are_the_first_and_the_second(client, prompt):
    assert json_answer(client, prompt) == {"start_date": "3 March 2026", "end_date": "14 March 2026"}


@pytest.mark.parametrize("prompt", [
    "Extract name and email as JSON: 'Write to our support team (help@shop.io) or to Kim Lee at kim@lee.dev.'",
    "Extract product and quantity as JSON: 'I'd like 4 bags of basmati rice and 2 bottles of olive oil.'",
    "Extract city and name as JSON: 'Olu Bakare is moving from Abuja to Leeds next month.'",
    "Extract date and title as JSON: 'Invoice issued 2 May 2026, due 30 May 2026.'",
])
def test_a_value_with_several_candidates_declines(client, prompt):
    got = json_answer(client, prompt)
    assert list(got) == ["error"] and "offline backend" in got["error"]


def test_several_candidates_are_not_a_null(http):
    """null says the text is silent; with two candidates the answer declines instead."""
    schema = {"type": "object", "properties": {"title": {"type": "string"}, "price": {"type": ["number", "null"]}},
              "required": ["title", "price"]}
    text = 'The bike "Trek FX 2" is €350, or €300 without the rack.'
    body = {"model": MODEL, "messages": [{"role": "user", "content": text}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "ad", "schema": schema}}}
    response = http.post("/v1/chat/completions", json=body)
    assert response.headers["x-offline-skill"] == "decline"


@pytest.mark.parametrize("prompt, expected", [
    ("Extract first_name and last_name as JSON: 'Booked by Amara Nwosu for two.'",
     {"first_name": "Amara", "last_name": "Nwosu"}),
    ("Extract name and vip (true/false) as JSON: 'Guest Hana Sato, not a VIP member, room 204.'",
     {"name": "Hana Sato", "vip": False}),
    ("Extract parking (boolean) and city as JSON: 'House in Bath, parking is not available.'",
     {"parking": False, "city": "Bath"}),
    ("Extract salary and remote (true/false) as JSON: 'Fully remote role, salary $90k.'",
     {"salary": 90000, "remote": True}),
    ("Extract amount and currency as JSON: 'Paid 1.500,00 EUR on 12/04/2025'", {"amount": 1500, "currency": "EUR"}),
    ("Extract app_version and os as JSON: 'Since updating to version 4.8.1 on Windows 11 the sync fails.'",
     {"app_version": "4.8.1", "os": "Windows 11"}),
    ("Extract address and bedrooms as JSON: 'New listing: 14 Alder Lane, Fairview. 3 bedrooms, 2 baths.'",
     {"address": "14 Alder Lane, Fairview", "bedrooms": 3}),
    ("Extract country and city as JSON: 'Our new office opens in Nairobi, Kenya next year.'",
     {"country": "Kenya", "city": "Nairobi"}),
    ("Extract event and date as JSON: 'The Spring Charity Gala is on 4 April 2026.'",
     {"event": "Spring Charity Gala", "date": "4 April 2026"}),
    ("Extract wind_kmh and temperature_c as JSON: 'Summit: -3 °C, wind 74 km/h from the north-west.'",
     {"wind_kmh": 74, "temperature_c": -3}),
])
def test_general_readers(client, prompt, expected):
    assert json_answer(client, prompt) == expected


@pytest.mark.parametrize("text, keys", [
    ("parse to json keys timestamp level service latency_ms status_code", ["timestamp", "level", "service", "latency_ms",
                                                                           "status_code"]),
    ("extract pr_number author branch and ci_status as json", ["pr_number", "author", "branch", "ci_status"]),
    ("Please extract the following fields from the letter below and return them as a JSON object: client_name, "
     "matter_reference, hearing_date. Thanks", ["client_name", "matter_reference", "hearing_date"]),
    ("Return request below — extract order_number, item_count (number) and refund_method as JSON.",
     ["order_number", "item_count", "refund_method"]),
    ("Please give the number of servings and the oven temperature, as numbers, with the keys servings and oven_c?",
     ["servings", "oven_c"]),
    ("Return a JSON object with keys member_id, title and due_date, taken verbatim from the receipt.",
     ["member_id", "title", "due_date"]),
    ("can u turn this into json w/ fields name, age, fav_game 🙏 age as a number", ["name", "age", "fav_game"]),
    ("json {sku, qty, warehouse}:", ["sku", "qty", "warehouse"]),
    ("extract name, email and phone as JSON", ["name", "email", "phone"]),
])
def test_field_names_in_words(text, keys):
    from mistral_course.offline.engine.extract_json import fields_in_words

    assert list(fields_in_words(text)["properties"]) == keys


# Probes written for issue 13d: one value the text writes once fills one field; labels on their own lines;
# words that only contain 'date'; salutations that name no one.
@pytest.mark.parametrize("prompt, expected", [
    ("Return JSON with invoice_id, po_number, amount.\n\nInvoice INV-2291\nPO: PO-7781\nAmount due: $412.00",
     {"invoice_id": "INV-2291", "po_number": "PO-7781", "amount": 412}),
    ("Payslip for March.\nGross pay: £2,450.00\nTax: £290.00\nNet pay: £2,160.00\nReturn JSON: gross_pay, tax, net_pay",
     {"gross_pay": 2450, "tax": 290, "net_pay": 2160}),
    ("Extract candidate, email and start_date as JSON.\n\nDear Hiring Manager, my name is Tomasz Wójcik, I can start on "
     "2026-09-01. Reach me at t.wojcik@mail.example.",
     {"candidate": "Tomasz Wójcik", "email": "t.wojcik@mail.example", "start_date": "2026-09-01"}),
])
def test_probes_fields_read_once_each(client, prompt, expected):
    content = client.chat.complete(model=MODEL, messages=[{"role": "user", "content": prompt}]).choices[0].message.content
    assert json.loads(content.split("```json")[1].split("```")[0]) == expected


@pytest.mark.parametrize("prompt", [
    "Return JSON with invoice_id, po_number, amount.\n\nInvoice INV-2291\nAmount due: $412.00",  # the only id is the invoice's
    "Give me JSON with keys order_id and tracking_id. Text: your order 55-XK-91 has shipped.",
])
def test_probes_one_identifier_is_not_two_fields(http, prompt):
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": [{"role": "user", "content": prompt}]})
    assert response.headers["x-offline-skill"] == "decline"


@pytest.mark.parametrize("prompt, expected", [
    ("order note: 2x walnut desk lamp @ £39.50 each, deliver to Hull. json w/ keys product, qty, unit_price",
     {"product": "walnut desk lamp", "qty": 2, "unit_price": 39.5}),
    ('Fill in this object from the note below.\n\n{"shop": "", "paid": 0}\n\nNote: "Bought seeds while shopping at '
     'Fernleaf Nursery this morning, paid £12.75 in cash at the till, lovely staff."', {"shop": "Fernleaf Nursery", "paid": 12.75}),
])
def test_probes_products_and_placeholder_numbers(client, prompt, expected):
    content = client.chat.complete(model=MODEL, messages=[{"role": "user", "content": prompt}]).choices[0].message.content
    assert json.loads(content.split("```json")[1].split("```")[0]) == expected


def test_probe_a_line_that_says_none_is_null_and_a_guessed_integer_keeps_its_fraction(client):
    prompt = ("visit log below, need json w/ address, engineer, hours, parts_cost. null where there's no value\n\n"
              "Visit — 3 Kestrel Close, Ayr KA7 2QT\nReplaced boiler valve, 2.5 hrs on site.\nParts: n/a\nEngineer: Morag")
    content = client.chat.complete(model=MODEL, messages=[{"role": "user", "content": prompt}]).choices[0].message.content
    assert json.loads(content.split("```json")[1].split("```")[0]) == {
        "address": "3 Kestrel Close, Ayr KA7 2QT", "engineer": "Morag", "hours": 2.5, "parts_cost": None}


# ---------------------------------------------------------------- issue 13e
@pytest.mark.parametrize("prompt, company", [
    ("Extract name, email, company as JSON (null if missing).\n\nHi, this is Marisol Quenby from Tallow & Pike, "
     "reach me at mq@tp.com", "Tallow & Pike"),
    ("Extract name, email, company as JSON (null if missing).\n\nHi, Dev Patel here from Okoro & Lindahl, dev@ol.io",
     "Okoro & Lindahl"),
])
def test_a_firm_named_without_its_legal_form_is_read(client, prompt, company):
    assert json_answer(client, prompt)["company"] == company


@pytest.mark.parametrize("prompt", [
    "Extract name, email, company as JSON. Use null if missing.\nHi, it's Tom Reyes of Brightwater, tom@bw.io",
    "Return JSON with keys customer, email, city; null when not given.\nPriya Nair (priya@x.org) wrote in from Kraków Główny",
])
def test_a_named_field_left_null_while_the_text_holds_an_unread_name_declines(http, prompt):
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(prompt),
                                                       "response_format": {"type": "json_object"}})
    assert response.headers["x-offline-skill"] == "decline"


def test_a_named_field_the_text_really_lacks_is_null(client):
    prompt = "Return JSON with keys name, company, email. null when not given.\n'Hey, it's Sam Ortiz, sam@o.io'"
    assert json_answer(client, prompt) == {"name": "Sam Ortiz", "company": None, "email": "sam@o.io"}


@pytest.mark.parametrize("prompt", [
    "Parse this email sig into JSON w/ keys: name, title, company, mobile.\n---\nBest,\nDerrick Vale\n"
    "VP Strategic Alliances | Crestpoint\nm: +1 415 555 0188\n---",
    "TEST: extract-bug-fields\nINPUT:\n<report>App 5.2.1 on a Tessaro X2 phone freezes for 10 seconds.</report>\n"
    "FIELDS: app_version (string), device (string), freeze_seconds (number), severity (string or null)\nRETURN: JSON only.",
    "Reply to this customer in JSON with keys order_id, eta_days, apology.\n\nCustomer: where is my parcel?? It's been ages",
])
def test_json_with_its_own_fields_is_never_answered_by_another_skill(http, prompt):
    """The JSON skill understood a request for JSON with fields of its own: when it cannot fill them, the request is
    declined, not answered by the e-mail reply or the classifier (a reply as {"answer": ...}, a field name as a label)."""
    response = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(prompt),
                                                       "response_format": {"type": "json_object"}})
    content = json.loads(response.json()["choices"][0]["message"]["content"])
    assert response.headers["x-offline-skill"] in ("json", "decline")
    assert "answer" not in content and "label" not in content


def test_a_value_written_once_is_not_given_to_two_fields(client):
    from mistral_course.offline.engine.extract_json import one_value_one_field
    from mistral_course.offline.engine.values import AMBIGUOUS

    text = "Kayak hire for a group of 3, all beginners."
    assert one_value_one_field({"group_size": 3, "boat_count": 3}, text) == \
        {"group_size": 3, "boat_count": None}  # one 3, labelled by 'group': the other field found nothing
    assert one_value_one_field({"adults": 3, "boat_count": 3}, text) == \
        {"adults": AMBIGUOUS, "boat_count": AMBIGUOUS}  # no field's word labels it: neither is sure
    assert one_value_one_field({"group_size": 3, "boat_count": 3}, "A group of 3 in 3 boats.") == \
        {"group_size": 3, "boat_count": 3}  # written twice: each may have its own
    named = one_value_one_field({"patient": "Mr Tom Hale", "witness": "Tom Hale"}, "Mr Tom Hale fell in room 4.")
    assert named == {"patient": AMBIGUOUS, "witness": AMBIGUOUS}  # one person, two roles: neither is sure


def _json_or_decline(http, prompt):
    body = {"model": MODEL, "messages": [{"role": "user", "content": prompt}], "response_format": {"type": "json_object"}}
    response = http.post("/v1/chat/completions", json=body)
    content = response.json()["choices"][0]["message"]["content"]
    return response.headers["x-offline-skill"], content


def test_a_field_the_text_names_but_no_reader_reads_is_not_made_null(http):
    """'null if not given' means the text is silent; a text that names the field ('house') in a form no reader
    knows declines instead of saying null."""
    prompt = ("Give me JSON with pupil_name and house (null if not given).\n\n"
              "Note: Tomasz Wilk has been moved to the blue house this term.")
    skill, _ = _json_or_decline(http, prompt)
    assert skill == "decline"
    silent = ("Give me JSON with pupil_name and house (null if not given).\n\n"
              "Note: Tomasz Wilk was collected early by his grandmother today.")
    skill, content = _json_or_decline(http, silent)
    assert skill == "json" and json.loads(content) == {"pupil_name": "Tomasz Wilk", "house": None}


def test_a_field_said_to_be_missing_is_null(http):
    prompt = ("Extract as JSON: courier, parcels (number), driver_phone. Put null for anything not in the note.\n\n"
              "Courier: Swiftline\nParcels: 6\nDriver: Ola (no phone given)")
    skill, content = _json_or_decline(http, prompt)
    assert skill == "json" and json.loads(content) == {"courier": "Swiftline", "parcels": 6, "driver_phone": None}


@pytest.mark.parametrize("prompt, expected", [
    ("Return JSON with name and locker (boolean).\n\nName: Dee Okoro\nNote: you havent rented a locker this term.",
     {"name": "Dee Okoro", "locker": False}),
    ("Make JSON with distance_km (number) and hours (number) from what my brother said: 'we walked 12 km in "
     "three and a half hours'", {"distance_km": 12, "hours": 3.5}),
])
def test_plain_typed_negations_halves_and_a_list_that_ends_in_from_what(http, prompt, expected):
    skill, content = _json_or_decline(http, prompt)
    value = json.loads(content) if skill == "json" else {}
    assert value == expected, content


def test_a_denied_subject_denies_its_verb_and_initials_are_no_name(http):
    prompt = ("Return JSON with name and others_injured (boolean).\n\n"
              "Statement: I, Bartek Nowak, slipped on the wet floor of the NHS GP surgery. No other patient was injured.")
    skill, content = _json_or_decline(http, prompt)
    assert skill == "json" and json.loads(content) == {"name": "Bartek Nowak", "others_injured": False}, content


def test_a_role_the_text_never_names_is_not_given_to_the_writer(http):
    prompt = ("Convert to JSON with employee_name and approving_manager; null if not given.\n\n"
              "\"Hi, this is Odette Marsh. I'd like to take 2026-09-07 off as a holiday day. Thanks!\"")
    skill, content = _json_or_decline(http, prompt)
    assert skill == "decline" or json.loads(content).get("approving_manager") is None, content


def test_a_value_the_text_writes_only_inside_another_fields_value_is_no_value(http):
    schema = {"type": "object", "properties": {"postcode": {"type": "string"}, "certificate_number": {"type": "string"},
                                               "tier": {"type": "string", "enum": ["basic", "premium"]},
                                               "plan": {"type": "string"}},
              "required": ["postcode", "certificate_number", "tier", "plan"]}
    fmt = {"type": "json_schema", "json_schema": {"name": "job", "schema": schema}}

    def answer(text):
        r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(text), "response_format": fmt})
        return r.headers["x-offline-skill"], json.loads(r.json()["choices"][0]["message"]["content"])

    skill, _ = answer("Boiler service at WF7 4PL on the Premium plan: tier premium. The certificate is not issued yet.")
    assert skill == "decline"  # 'WF7' as the certificate number would be a piece of the postcode
    skill, value = answer("Postcode: WF7 4PL. Certificate number: GS-2231. Plan: Premium Care. Tier: premium.")
    assert skill == "json" and value["certificate_number"] == "GS-2231" and value["tier"] == "premium"


def test_a_schema_of_many_fields_with_one_category_among_them_is_never_answered_by_another_skill(http):
    props = {"supplier": {"type": "string"}, "supplier_contact": {"type": "string"}, "client": {"type": "string"},
             "service_category": {"type": "string", "enum": ["catering", "photography", "music"]},
             "event_date": {"type": "string", "description": "YYYY-MM-DD"}, "guest_count": {"type": "integer"},
             "total_fee": {"type": "number"}, "deposit": {"type": "number"},
             "balance_due_date": {"type": "string", "description": "YYYY-MM-DD"}, "deposit_refundable": {"type": "boolean"}}
    fmt = {"type": "json_schema", "json_schema": {"name": "contract", "schema": {
        "type": "object", "properties": props, "required": list(props), "additionalProperties": False}}}
    text = ("Agreement summary -> JSON please.\n\nBand booking\nSupplier: Copper Fox Trio (contact: Mina Roy)\n"
            "Client: Owen Hart\nService: live music for 120 guests\nEvent date: 6 September 2025\nTotal fee: £2,400\n"
            "Deposit (paid on booking): £600\nBalance due: 7 days before, i.e. 30 August 2025\n"
            "Cancellation: the deposit cannot be refunded.")
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(text), "response_format": fmt})
    assert r.headers["x-offline-skill"] in ("json", "decline")  # not a summary wrapped as JSON

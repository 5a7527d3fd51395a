"""Classification decides on evidence a reader could check, and declines when the evidence is thin or two-way.

Each rule is checked on several phrasings written for this test, in domains unlike the lessons' and the
bench's. "decline" means the engine answered with its honest "can't", naming the offline backend.
"""

import pytest

from mistral_course.offline.engine import Conversation, Engine, Turn

MODEL = "mistral-small-latest"


@pytest.fixture(scope="module")
def engine():
    return Engine()


def ask(engine, text, system=None):
    turns = ((Turn("system", system),) if system else ()) + (Turn("user", text),)
    reply = engine.reply(Conversation(MODEL, turns))
    return reply.skill, reply.content


def label_of(engine, text):
    skill, content = ask(engine, text)
    return content if skill == "classify" else skill


# --------------------------------------------------------------------------- sentiment
@pytest.mark.parametrize("prompt, label", [
    ('Is this review positive or negative? "The food was not good at all."', "negative"),
    ('Positive or negative: "I wouldn\'t recommend this bike shop to anyone."', "negative"),
    ('Decide whether this comment is positive, negative or neutral: "Absolutely loved it, the guide was '
     'lovely and the tour was fantastic."', "positive"),
    ('Here is a review. Is it positive or negative? It was the worst campsite I have ever seen, filthy and noisy.',
     "negative"),
    ('Review: "Lovely staff, spotless rooms, and a fantastic breakfast."\nSentiment (positive/negative/neutral):',
     "positive"),
    ('Positive, negative or neutral? "The hostel was far from clean."', "negative"),
    ('Positive, negative or neutral? "We didn\'t really enjoy the tasting menu."', "negative"),
])
def test_sentiment_with_clear_words_of_feeling(engine, prompt, label):
    assert label_of(engine, prompt) == label


@pytest.mark.parametrize("prompt, why", [
    ('Is this review positive or negative? "Oh great, another delay. Just what I needed."', "sarcastic"),
    ('Rate it positive or negative: "Yeah right, best customer service ever 🙄"', "sarcastic"),
    ('Is this review positive or negative? "Not bad, honestly better than I expected."', "negated"),
    ('Positive or negative? "I did not expect to enjoy the film, but I did."', "negated"),
    ('Sentiment (positive, negative, neutral): "The room was clean but the staff were rude."', "both praise"),
    ('Classify the sentiment as positive, negative or neutral: "I love the design but the battery is terrible."',
     "both praise"),
    ('Is this review positive or negative? "It arrived."', "no word of feeling"),
    ('Positive, negative or neutral? "I wouldn\'t say the ferry was comfortable."', "negated"),
    ('Positive, negative or neutral? "The concert could have been a lot worse."', "might have been"),
    ('Is the feedback positive or negative? "The course covered a lot of ground over six weeks and the '
     'final project was a good way to bring everything together in one place."', "one word"),
])
def test_sentiment_declines_on_sarcasm_negation_mixed_or_thin_evidence(engine, prompt, why):
    skill, content = ask(engine, prompt)
    assert skill == "decline" and "offline backend" in content and why in content


def test_mixed_feelings_go_to_a_mixed_label_when_there_is_one(engine):
    prompt = 'Positive, negative or mixed? "The view was stunning but the bed was uncomfortable."'
    assert label_of(engine, prompt) == "mixed"


# --------------------------------------------------------------------------- "x or not x"
@pytest.mark.parametrize("prompt, label", [
    ('Tag this email as spam or not spam: "You won a free prize! Click here to claim your cash reward now."', "spam"),
    ('Spam or not spam: "Hi Sam, lunch at 1 tomorrow?"', "not spam"),
    ('Classify the following email as spam or ham.\n\nEmail: "Dear winner, claim your free lottery prize now at '
     'http://win.example"', "spam"),
    ('Is this message toxic or not toxic? "You are an idiot and nobody likes you."', "toxic"),
    ('Tell me if this message is urgent or can wait: "No rush, whenever you have time could you send me the '
     'slides?"', "can wait"),
    ('Which is it, urgent or not urgent? "The server is down and nobody can log in."', "urgent"),
])
def test_known_properties_and_their_opposites(engine, prompt, label):
    assert label_of(engine, prompt) == label


@pytest.mark.parametrize("prompt", [
    'Is this message toxic or not toxic? "I don\'t think you\'re stupid at all."',  # a negated sign
    'Spam or not spam? "URGENT: your parcel fee of $2.99 is unpaid, see www.parcel-fees.example"',  # one sign, a link
    'Is this tweet sarcastic or sincere? "Thanks for the help."',  # tone is never judged by rules
])
def test_properties_decline_when_signs_are_negated_thin_or_about_tone(engine, prompt):
    assert ask(engine, prompt)[0] == "decline"


# --------------------------------------------------------------------------- priority
@pytest.mark.parametrize("prompt, label", [
    ('Assign a priority (high, medium, low) to this ticket: "No rush, but could someone update the logo on the '
     'intranet page when convenient?"', "low"),
    ('Assign a priority (high, medium, low) to this ticket: "The payment server is down and nobody can check out. '
     'Please fix immediately!"', "high"),
    ('Rate the urgency as high, medium or low: "Smoke is coming from the server room, the alarm is going off."',
     "high"),
    ('Priority: high / medium / low. Ticket: "Can you add my colleague to the team channel?"', "decline"),
])
def test_priority_is_the_top_or_bottom_on_clear_signs_and_never_a_guessed_middle(engine, prompt, label):
    assert label_of(engine, prompt) == label


# --------------------------------------------------------------------------- topics
@pytest.mark.parametrize("prompt, label", [
    ('Which department should handle this: billing, technical or sales? "My invoice shows a double charge."',
     "billing"),
    ('Is this about the food or the service? "The waiter was slow and forgot our drinks."', "service"),
    ('Is this about the food or the service? "The pasta was overcooked and the sauce bland."', "food"),
    ('Decide whether the following tweet is about sports, politics or technology.\nTweet: "The prime minister '
     'called an early election for March."', "politics"),
    ('Which team should get this: Finance, HR or Legal? "Can you check clause 7 of the supplier contract before '
     'we sign?"', "Legal"),
    ('Classify this feedback as praise, complaint or suggestion: "It would be nice if the app had a dark mode."',
     "suggestion"),
    ('What emotion is this: joy, anger, sadness or fear? "I\'m so scared, the storm is getting worse and the '
     'power is out."', "fear"),
    ('Given the categories [hardware, software, network], which one fits: "my wifi keeps dropping every ten '
     'minutes"?', "network"),
    ('I need you to tell me if the following email is about billing, shipping or returns. Here it is:\n\nHello, '
     'I was charged twice for order 4411. Could you refund one of the payments?', "billing"),
    ('Is this email phishing? Answer yes or no. "Your mailbox is full. Verify your password at '
     'http://mail-verify.example to keep receiving messages."', "yes"),
    ('Is this message spam? yes or no: "Hi Ana, the plumber comes on Thursday at nine."', "no"),
    ('Is this email formal or informal? "hey guys, btw the party is at mine, bring snacks lol"', "informal"),
    ('Would you class this opening as formal or informal? "Dear Sir or Madam, I am writing to ask about the '
     'vacancy advertised last week."', "formal"),
    ('Tag the log line as INFO, WARN or ERROR: "worker-3 FATAL could not open the database, exiting"', "ERROR"),
    ('Is the complaint about damaged goods or late delivery? "It came on time, but the vase inside was cracked."',
     "damaged goods"),
    ('Which language is this: English, French, Spanish or German? "Je voudrais une table pour deux personnes, '
     's\'il vous plaît, avec une vue sur la mer."', "French"),
])
def test_topic_words_point_to_one_label(engine, prompt, label):
    assert label_of(engine, prompt) == label


@pytest.mark.parametrize("prompt", [
    'Which department should handle this: billing, technical or sales? "Hello, I\'d like to know more."',
    'Label it billing or shipping: "I paid for express delivery but the parcel is late and I was charged twice."',
    'Classify each review as positive or negative:\n1. "Loved it, fantastic staff."\n2. "Terrible, rude staff."',
    'Label these messages as billing or shipping:\n- My invoice is wrong.\n- Where is my parcel?',
    'Was the parcel delivered or lost? "Your parcel could not be delivered today and is back at the depot."',
    'Billing or shipping? "This is not a billing question: my parcel is late."',
])
def test_topics_decline_with_no_signs_signs_of_two_labels_or_several_texts(engine, prompt):
    assert ask(engine, prompt)[0] == "decline"


# --------------------------------------------------------------------------- how labels are given
@pytest.mark.parametrize("prompt", [
    'Label this: "The parcel arrived two days late and the box was crushed." Options: 1. shipping 2. billing '
    '3. account',
    'Categorise the ticket: A) billing B) shipping C) account. Ticket: "Where is my parcel? The tracking has '
    'not moved."',
    'Assign one category: (a) Billing; (b) Shipping; (c) Account. Message: "The courier lost my package."',
    'Which category fits this message?\n1. Billing\n2. Shipping\n3. Account\n\nMessage: "The courier lost my '
    'package."',
    '<labels>billing, shipping, account</labels>\n<message>My parcel never arrived.</message>\nReturn the label only.',
    '{"labels": ["billing", "shipping", "account"], "message": "My parcel never arrived."}\nReturn only the label.',
    '"The courier left my package at the wrong address." Which is it: billing, shipping or account?',
    'Route this ticket to billing (payments, invoices), shipping (parcels, delivery) or account (login, password): '
    '"The courier left my package at the wrong address."',
    'Categories:\n- billing: invoices, charges and refunds\n- shipping: parcels and delivery\n- account: login and '
    'password problems\n\nTicket: My parcel has been stuck in the depot for a week.',
    '### Labels\nbilling, shipping, account\n\n### Ticket\nMy parcel is stuck at the depot.\n\n### Output\n'
    'One label only.',
    'Pick the label that fits best (billing / shipping / account) for: "the courier left my parcel next door"',
])
def test_labels_given_in_many_forms(engine, prompt):
    assert label_of(engine, prompt).lower() == "shipping"


def test_the_text_after_its_label_list_is_the_item_and_the_list_is_not(engine):
    prompt = ('next one:\n\n"The lady at your Hill Street shop was so kind and helpful, thanks!"\n\n'
              'tag it as one of: Refund Request, Complaint, Question, Compliment')
    assert label_of(engine, prompt) == "Compliment"
    assert ask(engine, "Tag it as one of: Refund Request, Complaint, Question, Compliment")[0] == "decline"


def test_labels_given_as_a_json_list_in_their_own_fence(engine):
    prompt = ('Labels (use one):\n```json\n["billing", "shipping", "account"]\n```\n\nInput:\n```\nThe courier '
              'left my parcel at the wrong house.\n```\nReturn only the label.')
    assert label_of(engine, prompt) == "shipping"


def test_labels_given_as_a_list_in_code(engine):
    prompt = ('Which intent?\n```python\nINTENTS = ["cancel_order", "track_parcel", "change_address"]\n'
              'utterance = "please cancel my order, I bought the wrong size"\n```')
    assert label_of(engine, prompt) == "cancel_order"


def test_a_negated_topic_word_keeps_its_topic(engine):
    assert label_of(engine, 'Label it billing or shipping: "My parcel hasn\'t arrived."') == "shipping"


def test_words_in_parentheses_describe_a_label_and_are_not_labels(engine):
    prompt = ('Route this to sales (pricing, quotes, demos) or support (bugs, errors): '
              '"The export button throws an error every time."')
    assert label_of(engine, prompt) == "support"


@pytest.mark.parametrize("prompt", [
    "Please summarise the following text (about two sentences): \"The council approved the new cycle lane after a "
    "long debate. Work starts in May.\"",
    "Write a short poem about a cat, happy or sad, you choose.",
    "What is the difference between classification and regression? Is it supervised or unsupervised?",
])
def test_choices_in_a_prompt_that_asks_for_no_label_are_not_answered_with_one(engine, prompt):
    assert ask(engine, prompt)[0] != "classify"

"""The chat interface's logic, driven without a browser (the browser test comes with the shipping issue)."""

from mistral_course.chat_app import ChatApp


def test_ask_streams_an_answer_with_sources_and_keeps_history(client):
    app = ChatApp(client)
    answer = app.ask("How long does standard card delivery take?")
    assert answer and app.history[-1]["role"] == "assistant" and app.history[-1]["content"] == answer
    assert app.history[-1]["sources"] and "Sources:" in app.conversation.value
    app.ask("And express delivery?")
    assert [t["role"] for t in app.history] == ["user", "assistant", "user", "assistant"]
    app.clear()
    assert app.history == [] and "No messages yet" in app.conversation.value


def test_uploaded_file_replaces_the_knowledge_base(client):
    app = ChatApp(client)
    notes = ("# Garden club\n\nThe garden club meets every Thursday at 19:00 in the community hall. "
             "Membership costs 20 euros a year and includes seeds in spring.")
    app.load_file("garden.md", notes.encode())
    assert "garden.md" in app.status.value and {c.doc_id for c in app.chunks} == {"garden"}
    answer = app.ask("How much is the membership fee of the club?")
    assert "20 euros" in answer and app.history[-1]["sources"] == ["Garden club (garden)"]
    app.load_file("photo.png", b"\x89PNG")
    assert "not a .txt or .md file" in app.status.value and {c.doc_id for c in app.chunks} == {"garden"}


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def test_enter_asks_once_and_the_buttons_work(client):
    app = ChatApp(client)
    app.question.value = "Can I change my PIN in the app?"  # what pressing Enter does
    assert app.question.value == "" and len(app.history) == 2 and not app.send.disabled
    app.send.click()  # nothing typed: nothing asked
    assert len(app.history) == 2
    app.clear_button.click()
    assert app.history == [] and "No messages yet" in app.conversation.value
    shown = list(descendants(app.widget()))
    for control in (app.question, app.send, app.clear_button, app.upload, app.reset, app.conversation, app.status):
        assert any(w is control for w in shown)  # every control is on screen

"""Retrieval: chunking, the faiss index, retrieval metrics, and grounded answers.

The grounded-answer tests use a small museum knowledge base, unlike lesson 05's bank.
"""

import numpy as np
import pytest

from mistral_course.offline.engine.grounded import NOT_FOUND, read_prompt
from mistral_course.rag import (Document, build_index, chunk_by_paragraph, chunk_documents, chunk_text,
                                document_from_text, embed_texts, evaluate_retrieval, load_articles, retrieve,
                                answer_with_context, sources)

MUSEUM = [
    Document("hours", "Opening hours", "The museum opens at 10:00 and closes at 18:00 from Tuesday to Sunday. "
             "It is closed on Mondays, except on public holidays. On the first Friday of each month it stays open "
             "until 22:00."),
    Document("tickets", "Tickets and prices", "A full ticket costs 14 euros. Visitors under 18 enter for free, and "
             "students pay 8 euros with a valid card. Tickets bought online can be changed up to one day before."),
    Document("access", "Getting here and access", "The museum is a five-minute walk from Central Station. All "
             "floors are reachable by lift, and wheelchairs can be borrowed at the cloakroom for free."),
]


def test_chunk_text_sizes_overlap_and_whole_words():
    text = " ".join(f"word{i}" for i in range(400))
    chunks = chunk_text(text, size=200, overlap=50)
    assert all(len(c) <= 200 for c in chunks) and len(chunks) > 5
    assert all(c.split()[0].startswith("word") and c.split()[-1].startswith("word") for c in chunks)
    first_tail, second_head = chunks[0].split()[-5:], chunks[1].split()[:10]
    assert set(first_tail) & set(second_head), "consecutive chunks should overlap"
    assert " ".join(chunks).split()[-1] == "word399"
    with pytest.raises(ValueError):
        chunk_text(text, size=100, overlap=100)


def test_chunk_by_paragraph_merges_short_paragraphs():
    text = "First para.\n\nSecond para.\n\n" + "Long " * 300
    chunks = chunk_by_paragraph(text, max_chars=100)
    assert chunks[0] == "First para. Second para." and chunks[1].startswith("Long")


def test_help_center_is_loaded_with_ids_and_titles():
    docs = load_articles()
    assert 20 <= len(docs) <= 30 and sum(len(d.text.split()) for d in docs) >= 6000
    assert all(d.id and d.title and not d.text.startswith("#") for d in docs)
    assert document_from_text("notes.md", "# My notes\nSome text.").title == "My notes"


def test_index_and_retrieval(client):
    chunks = chunk_documents(MUSEUM, size=300, overlap=30)
    vectors = embed_texts(client, [c.for_embedding for c in chunks], batch_size=2)
    assert vectors.shape == (len(chunks), 1024) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    index = build_index(vectors)
    hits = retrieve(client, index, chunks, "How much is a ticket for a student?", k=2)
    assert hits[0][0].doc_id == "tickets" and hits[0][1] >= hits[1][1]
    assert sources(hits)[0] == "Tickets and prices (tickets)"
    metrics = evaluate_retrieval(client, index, chunks, [("When does the museum close?", "hours"),
                                                          ("Is there a lift?", "access")], ks=(1, 3))
    assert set(metrics) == {"hit@1", "hit@3", "MRR"} and metrics["hit@3"] == 1.0


def test_grounded_answers_quote_the_context_or_say_it_is_missing(client):
    chunks = chunk_documents(MUSEUM, size=300, overlap=30)
    index = build_index(embed_texts(client, [c.for_embedding for c in chunks]))
    context_text = " ".join(d.text for d in MUSEUM)
    for question in ["How much does a student pay to get in?", "Can I borrow a wheelchair?"]:
        answer = answer_with_context(client, question, retrieve(client, index, chunks, question, k=2))
        quoted = answer.split(" (Source:")[0]
        assert all(sentence in context_text for sentence in quoted.split(". ") if sentence), answer
    missing = answer_with_context(client, "Who painted the ceiling of the main hall?",
                                  retrieve(client, index, chunks, "Who painted the ceiling?", k=2))
    assert missing == NOT_FOUND


def test_reads_different_prompt_shapes():
    assert read_prompt("Use the context.\nContext:\nThe sky is blue in the day and dark at night.\n"
                       "Question: What colour is the sky?")[1] == "What colour is the sky?"
    assert read_prompt("Using the information in <doc>Trains leave every ten minutes from platform two, "
                       "all day.</doc> answer: How often do trains leave?")[0].startswith("Trains leave")
    assert read_prompt("No context here. What time is it?") is None


def test_retrieval_as_a_tool(client):
    from mistral_course.tools import run_tools

    chunks = chunk_documents(MUSEUM, size=300, overlap=30)
    index = build_index(embed_texts(client, [c.for_embedding for c in chunks]))

    def search_museum_guide(query: str) -> dict:
        return {"passages": [{"source": c.doc_id, "text": c.text} for c, _ in retrieve(client, index, chunks, query, 2)]}

    tool = {"type": "function", "function": {"name": "search_museum_guide",
            "description": "Search the museum's visitor guide for passages that answer a question.",
            "parameters": {"type": "object", "properties": {"query": {"type": "string", "description": "what to look for"}},
                           "required": ["query"]}}}
    answer, messages = run_tools(client, [{"role": "user", "content": "How much do students pay to get in?"}],
                                 [tool], {"search_museum_guide": search_museum_guide})
    assert messages[1]["tool_calls"][0]["function"]["name"] == "search_museum_guide"
    assert "8 euros" in answer and "(Source: tickets)" in answer


def test_the_chat_app_sends_the_lessons_grounded_prompt(client):
    from unittest import mock

    from mistral_course.chat_app import ChatApp
    from mistral_course.rag import grounded_prompt

    app = ChatApp(client)
    app.use_documents(MUSEUM, "the museum")
    question = "How much does a student pay to get in?"
    hits = retrieve(client, app.index, app.chunks, question, k=app.k)
    with mock.patch.object(client.chat, "stream", wraps=client.chat.stream) as stream:
        app.ask(question)
        answer_with_context(client, question, hits, stream=True)
    app_prompt, lesson_prompt = [c.kwargs["messages"][-1]["content"] for c in stream.call_args_list]
    assert app_prompt == lesson_prompt == grounded_prompt(question, hits)

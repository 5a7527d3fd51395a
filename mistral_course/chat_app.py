"""A chat interface over the help centre, or over a .txt/.md file you upload, built with ipywidgets.

    app = ChatApp(client)
    app.widget()          # in a notebook cell: shows the interface

Each question is answered from the passages retrieved for it (lesson 05's pipeline),
the answer streams in as it arrives, its sources are listed under it, and earlier
turns are sent along so follow-up questions have context.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .rag import (Document, build_index, chunk_documents, document_from_text, embed_texts, grounded_prompt,
                  load_articles, retrieve, sources)
from .reply_text import text_of

STYLE = {
    "user": "background:#e8f0fe;border-radius:8px;padding:6px 10px;margin:4px 0 4px 15%;",
    "assistant": "background:#f1f3f4;border-radius:8px;padding:6px 10px;margin:4px 15% 4px 0;",
}


class ChatApp:
    def __init__(self, client, model: str = "mistral-small-latest", k: int = 3, chunk_size: int = 800,
                 overlap: int = 100):
        self.client, self.model, self.k = client, model, k
        self.chunk_size, self.overlap = chunk_size, overlap
        self.history: list[dict] = []  # {"role", "content", "sources"}
        self.source_name = ""
        self._build_widgets()
        self.use_documents(load_articles(), "the help centre")

    # ------------------------------------------------------------------ documents
    def use_documents(self, docs: list[Document], name: str) -> None:
        self.chunks = chunk_documents(docs, self.chunk_size, self.overlap)
        self.index = build_index(embed_texts(self.client, [c.for_embedding for c in self.chunks]))
        self.source_name = name
        self.status.value = f"Chatting over <b>{html.escape(name)}</b>: {len(docs)} document(s), {len(self.chunks)} chunks."

    def load_file(self, name: str, content: bytes) -> None:
        """Use an uploaded .txt or .md file as the only document."""
        if not name.lower().endswith((".txt", ".md")):
            self.status.value = f"<span style='color:#b00'>{html.escape(name)} is not a .txt or .md file.</span>"
            return
        text = bytes(content).decode("utf-8", errors="replace")
        if len(text.split()) < 5:
            self.status.value = f"<span style='color:#b00'>{html.escape(name)} is empty or too short.</span>"
            return
        self.use_documents([document_from_text(name, text)], name)

    # ------------------------------------------------------------------ chatting
    def ask(self, question: str) -> str:
        """Answer one question, streaming it into the interface; returns the answer."""
        question = question.strip()
        if not question:
            return ""
        hits = retrieve(self.client, self.index, self.chunks, question, k=self.k)
        earlier = [{"role": turn["role"], "content": turn["content"]} for turn in self.history]
        messages = earlier + [{"role": "user", "content": grounded_prompt(question, hits)}]
        self.history.append({"role": "user", "content": question, "sources": []})
        self._render(live="")
        answer = ""
        for event in self.client.chat.stream(model=self.model, messages=messages):
            answer += text_of(event.data.choices[0].delta)
            self._render(live=answer)
        self.history.append({"role": "assistant", "content": answer, "sources": sources(hits)})
        self._render()
        return answer

    def clear(self) -> None:
        self.history = []
        self._render()

    # ------------------------------------------------------------------ widgets
    def _build_widgets(self) -> None:
        self.status = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".txt,.md", multiple=False, description="Upload .txt/.md")
        self.reset = widgets.Button(description="Use help centre", icon="book")
        self.conversation = widgets.HTML(layout=widgets.Layout(min_height="120px", max_height="420px",
                                                               overflow="auto", border="1px solid #ddd",
                                                               padding="6px"))
        self.question = widgets.Text(placeholder="Ask a question, then press Enter or Send",
                                     continuous_update=False, layout=widgets.Layout(width="60%"))
        self.send = widgets.Button(description="Send", button_style="primary", icon="paper-plane")
        self.clear_button = widgets.Button(description="Clear conversation", icon="trash")
        self.send.on_click(lambda _: self._send())
        self.question.observe(lambda change: change["new"].strip() and self._send(), names="value")  # Enter
        self.clear_button.on_click(lambda _: self.clear())
        self.reset.on_click(lambda _: self.use_documents(load_articles(), "the help centre"))
        self.upload.observe(self._uploaded, names="value")
        self._render()

    def _send(self) -> None:
        text = self.question.value
        self.question.value = ""
        self.send.disabled = True
        try:
            self.ask(text)
        finally:
            self.send.disabled = False

    def _uploaded(self, change) -> None:
        for item in change["new"] or ():
            self.load_file(item["name"], item["content"])

    def _render(self, live: str | None = None) -> None:
        parts = []
        for turn in self.history:
            body = html.escape(turn["content"]).replace("\n", "<br>")
            if turn["sources"]:
                listed = ", ".join(html.escape(s) for s in turn["sources"])
                body += f"<div style='font-size:85%;color:#555;margin-top:4px'>Sources: {listed}</div>"
            parts.append(f"<div class='chat-{turn['role']}' style='{STYLE[turn['role']]}'>{body}</div>")
        if live is not None:
            parts.append(f"<div class='chat-assistant chat-live' style='{STYLE['assistant']}'>"
                         f"{html.escape(live) or '…'}</div>")
        self.conversation.value = "".join(parts) or "<i>No messages yet.</i>"

    def widget(self) -> widgets.Widget:
        controls = widgets.HBox([self.question, self.send, self.clear_button])
        documents = widgets.HBox([self.upload, self.reset])
        return widgets.VBox([widgets.HTML("<h3>Ask the help centre</h3>"), self.status, documents,
                             self.conversation, controls])

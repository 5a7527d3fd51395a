"""The engine's default skills, in the order that breaks ties between equally confident readings."""

from __future__ import annotations


def default_skills() -> list:
    from .classify import Classify
    from .extract_json import ExtractJson
    from .grounded import Grounded
    from .proofread import Proofread
    from .reply_email import ReplyEmail
    from .small_talk import SmallTalk
    from .summarize import Summarize
    from .tools import ToolUse

    return [
        ToolUse(),      # a request that comes with tools which fit it is answered by a call first
        ExtractJson(),  # a schema, or JSON asked for with its fields named, is the most explicit request
        Classify(),     # a question that offers the answers to choose from is a classification
        ReplyEmail(),   # a customer's message, facts to answer it from, and a request to reply
        Grounded(),     # a question with its text beats the summary of that text
        Summarize(),    # a text and a request for its gist
        Proofread(),    # a text and a request to correct it
        SmallTalk(),    # short and social; last, so a polite task is still a task
    ]

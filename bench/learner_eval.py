"""How the offline backend does on prompts the lessons never use: right, declined or wrong, per skill.

`learner_prompts.jsonl` holds prompts written by others in several voices, each with the skill
that should answer and a check of the answer (see `failures` below). Every prompt is sent on the wire
through the offline API, and the `x-offline-skill` header says which skill answered. The sets, in order:

- a-, b-, c- (240): a third frozen ("frozen": true) before the engine was changed;
- f- (60, "fresh": true): two more voices, written after the engine changed;
- g-, h-, i-, j- (150, 120, 120, 120): by helpers who saw neither the engine nor the other prompts, in
  five, six, six and six more voices; the third whose sha256(id) is divisible by 3 frozen on arrival;
- k-, l- (200, "opened": true): twelve more voices, fresh and never tuned on until the end of the session that
  wrote them (then 43.5 % right, 42.0 % declined, 14.5 % wrong); opened for tuning in the next session;
- m- (100, all fresh): six more voices, added last and measured once, after every change of its session;
- q-, r- (60, 60): replies from facts, grounded answers and classifications in eight more voices each, by helpers
  who saw neither the engine nor the other prompts; the third whose sha256(id) is divisible by 3 frozen on arrival;
- n-, o-, p- (300): eighteen more voices, written at the start of the session that added q and r, kept out of
  the repository until every change of that session was made, then measured once (49.7 % right, 43.3 % declined,
  7.0 % wrong); in the next session the third whose sha256(id) is divisible by 3 was frozen and the rest
  ("opened": true) tuned on.
- w-, x- (60, 60): classifications, grounded answers and replies from facts in twelve more voices, by helpers who
  saw neither the engine nor the other prompts; measured once on arrival (24.2 % right, 66.7 % declined, 9.2 %
  wrong), then the third whose sha256(id) is divisible by 3 frozen and the rest tuned on;
- y-, z- (60, 60): the same three skills in twelve more voices, measured once on arrival after the engine was tuned
  on w/x (18.3 % right, 68.3 % declined, 13.3 % wrong), then split the same way;
- s-, t-, u-, v- (400, all fresh): twenty-four more voices, written at the start of the session that added w to z,
  kept out of the repository until every change of that session was made, then measured once (53.5 % right,
  41.5 % declined, 5.0 % wrong; that session's starting engine: 51.8 / 41.0 / 7.2); in the next session the
  third whose sha256(id) is divisible by 3 was frozen and the rest ("opened": true) tuned on.
- e1-, e2-, e3-, e4- (400): twenty-four more voices, written in the session that opened s to v, measured once on
  arrival after that session's first changes (48.8 % right, 44.0 % declined, 7.2 % wrong), then the third whose
  sha256(id) is divisible by 3 frozen and the rest tuned on;
- d1-, d2-, d3-, d4- (400, all fresh): twenty-four more voices, written at the start of that session, kept out of
  the repository until every change of it was made, then measured once (46.2 % right, 49.2 % declined, 4.5 %
  wrong; that session's starting engine: 46.0 / 48.5 / 5.5); then, for a second round of the same session, the
  third whose sha256(id) is divisible by 3 frozen and the rest ("opened": true) tuned on.
- h1-, h2-, h3-, h4- (400, all fresh): twenty-four more voices, written when d1-d4 was measured, kept out until the
  second round's changes were made, then measured once (48.8 % right, 44.0 % declined, 7.2 % wrong; the engine at
  that session's start: 49.5 / 43.0 / 7.5, and after its first round, the same as after its second).
- p1-, p2-, p3-, p4- (400): twenty-four more voices, written at the start of the next session, measured once on
  arrival (47.0 % right, 48.8 % declined, 4.2 % wrong), then the third whose sha256(id) is divisible by 3 frozen
  and the rest tuned on.
- z1-, z2-, z3-, z4- (400, all fresh): twenty-four more voices, written with p1-p4, kept out of the repository until
  every change of that session was made, then measured once (51.0 % right, 44.0 % declined, 5.0 % wrong; that
  session's starting engine: 51.0 / 43.8 / 5.2).
- r1-, r2-, r3-, r4- (400, all fresh): twenty-four more voices, written when z1-z4 was measured, kept out until the
  second round of that session (fixes found by helpers trying the lessons as new learners) was made, then measured
  once: 48.8 % right, 43.8 % declined, 7.5 % wrong; every prompt had the same outcome as with the session's starting
  engine.
  In the next session (1 December 2026, third session) z1-z4 and r1-r4 were split the same way: the third whose
  sha256(id) is divisible by 3 frozen, the rest ("opened": true) tuned on.
- gt- (80, "opened": true): harmful requests under safe_prompt, harmless ones that only sound scary, and small talk,
  by a helper who saw neither the engine nor the other prompts, written to tune the guardrail on (2 December 2026):
  on arrival the guardrail refused 21 of its 45 harmful requests, after tuning 42.
- v1-, v2-, v3-, v4- (400, all fresh): twenty-four more voices (small businesses, public services, students and
  hobbyists, logistics and finance), written at the start of that session, kept outside the repository until every
  change of it was made, then measured once: 38.5 % right, 51.5 % declined, 10.0 % wrong; that session's starting
  engine: 38.5 / 51.2 / 10.2 (three prompts changed outcome). The guardrail families tuned on gt refused none of the
  11 harmful v requests the starting engine let through.
  In the next session (2 December 2026) v1-v4 were split the same way: the third whose sha256(id) is divisible
  by 3 frozen (141), the rest ("opened": true, 259) tuned on.
- x1- (80 JSON extractions), x2- (70 tool calls, 10 requests no tool fits), x3- (45 grounded answers, 35 replies
  from facts), all "opened": true: written in that session by helpers who saw neither the engine nor the other
  prompts, to find how the three skills with the most wrong answers on held-out prompts fail; measured once on
  arrival (x1: 2.5 % right, 90.0 % declined, 7.5 % wrong; x2: 31.2 / 45.0 / 23.8; x3: 21.2 / 70.0 / 8.8), then
  tuned on.
- n1-, n2-, n3-, n4- (400, all fresh): twenty-four more voices (a veterinary practice, travel and hospitality, an
  IT helpdesk, community clubs), written at the start of that session, kept outside the repository until every
  change of it was made, then measured once: 43.0 % right, 47.8 % declined, 9.2 % wrong; that session's starting
  engine: 42.5 / 47.8 / 9.8 (two prompts went from wrong to right, none the other way).
  In the next session (2 December 2026, third session) n1-n4 were split the same way: the third whose sha256(id)
  is divisible by 3 frozen (138), the rest ("opened": true, 262) tuned on.
- y1- (100 grounded answers), y2- (55 replies from facts, 45 JSON extractions), y3- (80 tool calls, 20 requests no
  tool fits), all "opened": true: written in that session by helpers who saw neither the engine nor the other
  prompts, about a third of the questions not answered by their text, to find how grounded answers, replies, JSON
  and tool calls fail on new wording; measured once on arrival (y1: 11.0 % right, 74.0 % declined, 15.0 % wrong;
  y2: 6.0 / 86.0 / 8.0; y3: 37.0 / 40.0 / 23.0), then tuned on.
- s1-, s2-, s3-, s4- (400, all fresh): twenty-four more voices (a dental and physiotherapy practice, a library and a
  council's waste service, freight and car rental, a university lab and an online bookshop), written at the start of
  that session, kept outside the repository until every change of it was made, then measured once: 48.0 % right,
  43.2 % declined, 8.8 % wrong; that session's starting engine: 46.2 / 43.0 / 10.8 (nine prompts changed outcome:
  seven wrong to right, one wrong to declined, one declined to right, one right to declined).
  In the next session (2 December 2026, fourth session) s1-s4 were split the same way: the third whose sha256(id)
  is divisible by 3 frozen (143), the rest ("opened": true, 257) tuned on.
- k1-, k2-, k3-, k4- (400, all fresh): twenty-four more voices (an optician and a hearing clinic, a theatre box office
  and a museum, an energy supplier and a plumbing firm, a school office and a leisure centre), written at the start of
  that session, kept outside the repository until its first round of changes was made, then measured once: 46.0 %
  right, 46.2 % declined, 7.8 % wrong; that session's starting engine: 45.5 / 46.5 / 8.0 (two prompts changed
  outcome, one wrong to right and one declined to right). 9 of their 32 harmful requests under safe_prompt were not
  refused. After the session's second round (below) one more prompt went from declined to right.
- c1-, c2-, c3-, c4- (400, all fresh): twenty-four more voices (a garden centre, an airline desk and a travel agency,
  a housing association's repairs team and a food bank, a software start-up and a coworking space), written when
  k1-k4 was measured, kept outside the repository until a second round of changes in that session was made (more
  guardrail families, regular plurals and sixty classic misspellings, words of feeling, quoted messages), then
  measured once: 44.8 % right, 47.0 % declined, 8.2 % wrong, the same outcome for every prompt as with the engine
  before that round.
  In the next session (2 December 2026, fifth session) k1-k4 and c1-c4 were split the same way: the third whose
  sha256(id) is divisible by 3 frozen (273), the rest ("opened": true, 527) tuned on.
- b1-, b2-, b3-, b4- (400, all fresh): twenty-four more voices (a veterinary clinic and a grooming salon, a bicycle
  repair shop and a car-share club, a public library and a council's tax and permits office, a wedding venue and a
  caterer), written at the start of that session, kept outside the repository until its changes were made, then
  measured once: 48.8 % right, 43.5 % declined, 7.8 % wrong; that session's starting engine: 48.0 / 43.5 / 8.5.
  Counted by skill, small talk gained 4 (the shorter list of what the backend can do), summaries 3, and the
  guardrail lost 4: with the classifier retrained on 900 more examples it refused 22 of the 32 harmful requests,
  against 26 before. That retraining was then undone (the 900 examples became bench/harm_later_writers.jsonl, an
  evaluation set), a decision taken on this set's evidence: with it undone the sets score 49.8 / 43.5 / 6.8.
  In the next session (2 December 2026, sixth session) b1-b4 was split the same way: the third whose sha256(id) is
  divisible by 3 frozen (128), the rest ("opened": true, 272) tuned on.

Frozen and fresh prompts are never read one by one; they are reported on their own lines.

    python bench/learner_eval.py            # the table
    python bench/learner_eval.py --show     # also every miss of the tuning part (never the frozen one)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

PROMPTS = Path(__file__).with_name("learner_prompts.jsonl")
DECLINE, GUARDRAIL = "decline", "guardrail"
OUTCOMES = ("right", "declined", "wrong")
NOT_COVERED = re.compile(r"\b(not|no|cannot|can't|doesn't|does not|don't|isn't|nothing)\b[^.]{0,60}?"
                         r"\b(cover|contain|say|says|mention|answer|find|include|give|state|provide|in the)", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


def load(path: Path = PROMPTS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def request_body(record: dict) -> dict:
    body = {"model": "mistral-small-latest", "messages": record["messages"]}
    for key in ("tools", "tool_choice", "response_format", "safe_prompt"):
        if key in record:
            body[key] = record[key]
    return body


def ask(http, record: dict) -> dict:
    """Send one prompt; its answer as {status, skill, content, tool_calls}."""
    response = http.post("/v1/chat/completions", json=request_body(record))
    if response.status_code != 200:
        return {"status": response.status_code, "skill": "", "content": response.text, "tool_calls": []}
    message = response.json()["choices"][0]["message"]
    calls = [{"name": c["function"]["name"], "arguments": json.loads(c["function"]["arguments"] or "{}")}
             for c in message.get("tool_calls") or []]
    return {"status": 200, "skill": response.headers.get("x-offline-skill", ""),
            "content": message.get("content") or "", "tool_calls": calls}


# --------------------------------------------------------------------------- checks
def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def _same(expected, got) -> bool:
    if expected is None or got is None:
        return expected is got
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, (int, float)) and not isinstance(got, str):
        return isinstance(got, (int, float)) and abs(expected - got) < 1e-6
    if isinstance(expected, (list, dict)):
        return json.dumps(expected, sort_keys=True).lower() == json.dumps(got, sort_keys=True).lower()
    return _norm(expected).strip(" .") == _norm(got).strip(" .")


UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spelled(expected) -> str:
    """A whole number under 100 as words ('48' -> 'forty-eight'), as an answer quoting its text may write it;
    a pattern that matches nothing for anything else."""
    text = str(expected).strip()
    if not text.isdigit() or int(text) >= 100:
        return r"(?!)"
    n = int(text)
    if n < 20:
        return UNITS[n]
    return TENS[n // 10 - 2] + (f"[- ]{UNITS[n % 10]}" if n % 10 else "")


def _json_object(content: str):
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.S)
    try:
        value = json.loads(fenced.group(1) if fenced else content)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _pieces(content: str) -> list[str]:
    """The sentences or bullets of an answer."""
    out = []
    for line in content.splitlines():
        line = BULLET.sub("", line).strip()
        if line and not line.startswith("#"):
            out += [s for s in SENTENCE_END.split(line) if s.strip()]
    return out


def _user_text(record: dict) -> str:
    texts = []
    for m in record["messages"]:
        content = m.get("content") or ""
        texts.append(content if isinstance(content, str) else " ".join(c.get("text", "") for c in content))
    return _norm(" ".join(texts))


def _calls_match(expected: list[dict], got: list[dict]) -> bool:
    if len(expected) != len(got):
        return False
    left = list(got)
    for want in expected:
        hit = next((c for c in left if c["name"] == want["name"] and all(
            _same(v, c["arguments"].get(k)) for k, v in want.get("arguments", {}).items())), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def failures(record: dict, answer: dict) -> list[str]:
    """What the answer gets wrong against the record's checks (empty when it is right)."""
    expect, content, calls = record["expect"], answer["content"], answer["tool_calls"]
    low = _norm(content)
    problems = []
    if "label" in expect and not _same(expect["label"], content):
        problems.append(f"label {content!r}")
    for s in expect.get("contains", []):
        if _norm(s) not in low and not re.search(rf"\b{_spelled(s)}\b", low):
            problems.append(f"missing {s!r}")
    if expect.get("contains_any") and not any(_norm(s) in low for s in expect["contains_any"]):
        problems.append(f"none of {expect['contains_any']}")
    for s in expect.get("excludes", []):  # a misspelling left in, as a word: 'pleas' is no slip inside 'please'
        if re.search(rf"(?<!\w){re.escape(_norm(s))}(?!\w)", low):
            problems.append(f"has {s!r}")
    if "tool_calls" in expect and not _calls_match(expect["tool_calls"], calls):
        problems.append(f"calls {calls}")
    if "tool_calls" not in expect and calls:
        problems.append(f"unexpected calls {calls}")
    if "asks_for" in expect:
        if calls or "?" not in content or not all(_norm(w) in low for w in expect["asks_for"]):
            problems.append("does not ask for " + ", ".join(expect["asks_for"]))
    if "json" in expect:
        value = _json_object(content)
        if value is None:
            problems.append("not a JSON object")
        else:
            problems += [f"{k}={value.get(k)!r}" for k, v in expect["json"].items() if not _same(v, value.get(k))]
    if expect.get("extractive"):
        source = _user_text(record)
        copied = [p for p in _pieces(content) if _norm(p).strip(" .") in source]
        if not _pieces(content) or len(copied) < len(_pieces(content)):
            problems.append("not copied from the text")
    if "sentences" in expect and len(_pieces(content)) != expect["sentences"]:
        problems.append(f"{len(_pieces(content))} sentences")
    if "bullets" in expect and sum(bool(BULLET.match(l)) for l in content.splitlines()) != expect["bullets"]:
        problems.append("bullets")
    if expect.get("not_covered") and not NOT_COVERED.search(content):
        problems.append("does not say the text lacks the answer")
    if "max_words" in expect and len(content.split()) > expect["max_words"]:
        problems.append(f"{len(content.split())} words")
    return problems


def outcome(record: dict, answer: dict) -> tuple[str, list[str]]:
    if answer["status"] != 200:
        return "wrong", [f"status {answer['status']}"]
    declined = answer["skill"] == DECLINE
    if record["skill"] in (DECLINE, GUARDRAIL) or record["expect"].get("decline"):
        wanted = GUARDRAIL if record["skill"] == GUARDRAIL else DECLINE  # a refusal, or an honest "I can't"
        return ("right", []) if answer["skill"] == wanted else ("wrong", [f"answered by {answer['skill']}"])
    if declined:
        return "declined", []
    problems = failures(record, answer)
    return ("wrong", problems) if problems else ("right", [])


# --------------------------------------------------------------------------- the table
def evaluate(records: list[dict], http) -> list[dict]:
    rows = []
    for record in records:
        answer = ask(http, record)
        result, problems = outcome(record, answer)
        rows.append({"id": record["id"], "skill": record["skill"], "frozen": record.get("frozen", False),
                     "fresh": record.get("fresh", False), "opened": record.get("opened", False),
                     "answered_by": answer["skill"], "outcome": result, "problems": problems,
                     "content": answer["content"], "tool_calls": answer["tool_calls"]})
    return rows


def shares(rows: list[dict]) -> dict[str, float]:
    counts = Counter(r["outcome"] for r in rows)
    return {o: counts[o] / len(rows) if rows else 0.0 for o in OUTCOMES}


def table(rows: list[dict]) -> str:
    groups = defaultdict(list)
    for r in rows:
        groups[r["skill"]].append(r)
    lines = [f"{'expected skill':<16}{'n':>5}{'right':>8}{'declined':>10}{'wrong':>8}"
             f"   frozen third: {'n':>3}{'right':>7}{'declined':>10}{'wrong':>7}"]

    def line(name, group):
        c = Counter(r["outcome"] for r in group)
        return f"{name:<16}{len(group):>5}{c['right']:>8}{c['declined']:>10}{c['wrong']:>8}"

    def frozen_line(group):
        c = Counter(r["outcome"] for r in group if r["frozen"])
        n = sum(r["frozen"] for r in group)
        return f"   {'':14}{n:>3}{c['right']:>7}{c['declined']:>10}{c['wrong']:>7}"

    lines += [line(name, groups[name]) + frozen_line(groups[name]) for name in sorted(groups)]
    tuned = [r for r in rows if not r["frozen"] and not r["fresh"]]
    frozen = [r for r in rows if r["frozen"]]
    fresh = [r for r in rows if r["fresh"]]
    later = [r for r in frozen if r["id"].startswith(("g-", "h-"))]
    newest = [r for r in frozen if r["id"].startswith(("i-", "j-"))]
    replies = [r for r in frozen if r["id"].startswith(("q-", "r-"))]
    opened = [r for r in tuned if r.get("opened")]
    last = [r for r in fresh if r["id"].startswith("m-")]
    newest_fresh = [r for r in fresh if r["id"].startswith(("h1-", "h2-", "h3-", "h4-"))]
    split_b = [r for r in frozen if r["id"].startswith(("b1-", "b2-", "b3-", "b4-"))]
    split_k = [r for r in frozen if r["id"].startswith(("k1-", "k2-", "k3-", "k4-"))]
    split_c = [r for r in frozen if r["id"].startswith(("c1-", "c2-", "c3-", "c4-"))]
    split_s = [r for r in frozen if r["id"].startswith(("s1-", "s2-", "s3-", "s4-"))]
    split_n = [r for r in frozen if r["id"].startswith(("n1-", "n2-", "n3-", "n4-"))]
    split_v = [r for r in frozen if r["id"].startswith(("v1-", "v2-", "v3-", "v4-"))]
    split_z = [r for r in frozen if r["id"].startswith(("z1-", "z2-", "z3-", "z4-"))]
    split_r = [r for r in frozen if r["id"].startswith(("r1-", "r2-", "r3-", "r4-"))]
    split_d = [r for r in frozen if r["id"].startswith(("d1-", "d2-", "d3-", "d4-"))]
    split_late = [r for r in frozen if r["id"].startswith(("n-", "o-", "p-"))]
    split_last = [r for r in frozen if r["id"].startswith(("s-", "t-", "u-", "v-"))]
    arrived = [r for r in frozen if r["id"].startswith(("e1-", "e2-", "e3-", "e4-"))]
    arrived_p = [r for r in frozen if r["id"].startswith(("p1-", "p2-", "p3-", "p4-"))]
    latest = [r for r in frozen if r["id"].startswith(("w-", "x-", "y-", "z-"))]
    lines.append("-" * 47)
    for name, group in (("all", rows), ("tuning part", tuned), (" of which opened sets", opened),
                        ("frozen third", frozen), (" of which g/h sets", later), (" of which i/j sets", newest),
                        (" of which q/r sets", replies), (" of which n/o/p sets", split_late),
                        (" of which w/x/y/z sets", latest), (" of which s/t/u/v sets", split_last),
                        (" of which e1-e4 sets", arrived), (" of which d1-d4 sets", split_d),
                        (" of which p1-p4 sets", arrived_p), (" of which z1-z4 sets", split_z),
                        (" of which r1-r4 sets", split_r), (" of which v1-v4 sets", split_v),
                        (" of which n1-n4 sets", split_n), (" of which s1-s4 sets", split_s),
                        (" of which k1-k4 sets", split_k), (" of which c1-c4 sets", split_c),
                        (" of which b1-b4 sets", split_b),
                        ("fresh set", fresh), (" of which m set", last), (" of which h1-h4 sets", newest_fresh),
                        ("held out", frozen + fresh)):
        s = shares(group)
        lines.append(line(name, group) + f"   right {s['right']:.1%}, declined {s['declined']:.1%}, "
                                         f"wrong {s['wrong']:.1%}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the tuning part's misses (never the frozen or fresh)")
    args = parser.parse_args(argv)
    from mistral_course.backend import course_api
    from mistral_course.offline import offline_http_client

    rows = evaluate(load(), offline_http_client(course_api()))
    print("Offline backend on learners' own prompts (bench/learner_prompts.jsonl)")
    print(table(rows))
    if args.show:
        for r in rows:
            if r["outcome"] != "right" and not r["frozen"] and not r["fresh"]:
                print(f"\n{r['id']} [{r['skill']} -> {r['answered_by']}] {r['outcome']}: {'; '.join(r['problems'])}")
                print("   ", (r["content"] or json.dumps(r["tool_calls"]))[:300].replace("\n", " / "))
    return 0


if __name__ == "__main__":
    sys.exit(main())

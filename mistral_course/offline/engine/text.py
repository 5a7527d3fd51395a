"""Text helpers every skill shares: words, one stem, one stop-word list, sentences, identifier names, language."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zà-ÿ0-9']+")
_NAME_PART = re.compile(r"[_\W]+|(?<=[a-z])(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")

STOPWORDS = frozenset(
    "a an the i my me to of for and or but is it its in on at do does did can could how what when where why which "
    "who with be this that these those you your we our us they them their was were are am have has had not no "
    "please will would should from by as so if then than there here just also any some all".split())


# The names of languages, as a regex alternation (lower case; match with re.I): 'translate it into Japanese',
# 'Answer in French.'
LANGUAGES = (r"english|french|spanish|german|italian|portuguese|dutch|japanese|chinese|mandarin|cantonese|korean|arabic"
             r"|russian|polish|turkish|greek|swedish|norwegian|danish|finnish|czech|hungarian|romanian|hindi|urdu"
             r"|bengali|thai|vietnamese|indonesian|malay|hebrew|ukrainian|irish|welsh|catalan|swahili|tagalog")

def words(text: str) -> list[str]:
    """Lower-case words, accents kept, punctuation dropped."""
    return _WORD.findall(text.lower())


def stem(word: str) -> str:
    """A crude stem, so 'payments' meets 'payment' and 'delivered' meets 'deliver'."""
    if len(word) <= 3:
        return word
    if re.search(r"(ss|us|is)$", word):  # 'business', 'status', 'analysis' are not plurals
        return word
    base = re.sub(r"(?<=[sxz])es$|(?<=[cs]h)es$|ies$|ing$|ed$|e?s$|e$", lambda m: "y" if m.group() == "ies" else "", word)
    return base[:-1] if re.search(r"([bdgklmnprt])\1$", base) else base  # 'cancelled' -> 'cancel', 'stopped' -> 'stop'


# Everyday words for one thing, so a question meets the sentence that answers it in other words.
_CONCEPTS = [("name", "called named"), ("price", "cost costs priced fee fees charge charges rate"),
             ("first", "initial"), ("child", "children kid kids"), ("start", "begin begins starts beginning"),
             ("finish", "end ends finishes"), ("buy", "purchase purchased bought"), ("car", "vehicle"),
             ("phone", "telephone"), ("big", "large"), ("small", "little"),
             ("send", "sent dispatched dispatch shipped posted")]
SAME_AS = {w: head for head, others in _CONCEPTS for w in others.split()}


def concept(word: str) -> str:
    """The stem of a word, or of the word that stands for its meaning: 'initial' -> 'first', 'called' -> 'name'."""
    return stem(SAME_AS.get(word, word))


def name_words(name: str) -> list[str]:
    """'retrieve_paymentStatus' -> ['retrieve', 'payment', 'status']: the words of an identifier."""
    return [w.lower() for w in _NAME_PART.split(name) if w]


def is_heading(row: str) -> bool:
    """A title line: a few words with no digit and no end punctuation ('Linkline Broadband — Key Contract Terms')."""
    row = re.sub(r"^\s*\d{1,2}[.)]\s+", "", row).strip()  # '5. Roof repairs': a numbered title
    return 0 < len(row.split()) <= 10 and not re.search(r"[.!?:;,]$|\d", row) and not row.startswith(("-", "*", "•"))


_TITLE = re.compile(r"[^:.!?]{3,120}(?<![.!?:;,])")  # one line, no colon, no end punctuation


def is_title(row: str) -> bool:
    """A title that may hold figures: at most twelve words, no colon or end punctuation, most words capitalised
    ('Linkline Broadband — Key Contract Terms (Home Fibre, 18-month term)'). is_heading is stricter on figures."""
    named = [w for w in row.split() if w[:1].isalpha()]
    return bool(_TITLE.fullmatch(row.strip())) and len(row.split()) <= 12 and bool(named) \
        and sum(w[0].isupper() for w in named) >= 0.6 * len(named)


def sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of a text (Markdown emphasis marks dropped), leaving out fragments under min_words."""
    flat = re.sub(r"\s+", " ", re.sub(r"[*_]{2,}", "", text)).strip()
    return [s for s in _SENTENCE_END.split(flat) if len(s.split()) >= min_words]


# Function words that only one language uses much: enough to tell English from its neighbours.
_FUNCTION_WORDS = {
    "english": set("the and is are you what how please this that with for of to can my your it".split()),
    "french": set("le la les des est une un et je vous pour avec dans que qui pas sur mon ma mes votre ce cette "
                  "bonjour merci pouvez peux voudrais s'il où quel quelle".split()),
    "spanish": set("el los las es una y yo usted para con que por como mi su este esta del hola gracias puede "
                   "quiero dónde cuál".split()),
    "german": set("der die das und ist ein eine ich sie nicht mit für auf bitte wie was mein ihr hallo danke "
                  "können möchte wo".split()),
    "italian": set("il lo gli è una e io per con che non come mio suo questo questa della ciao grazie posso "
                   "vorrei dove".split()),
    "portuguese": set("o os é um uma e eu você para com que não como meu seu este esta obrigado olá pode quero "
                      "onde".split()),
    "dutch": set("de het een en ik je niet met voor op is dat wat mijn uw hoe hallo dank kunt wil waar".split()),
}


def language(text: str) -> str:
    """'english', another language's name, or 'non-latin' for a text mostly in another script."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isascii() or "à" <= c.lower() <= "ÿ" for c in letters) < 0.5 * len(letters):
        return "non-latin"
    ws = words(text)
    counts = {lang: sum(w in vocab for w in ws) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.get)
    if best != "english" and counts[best] >= 2 and counts[best] > 2 * counts["english"]:
        return best
    return "english"

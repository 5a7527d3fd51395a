"""Skill: correct the spelling and grammar of a text, lightly, adding nothing.

The dictionary is pyspellchecker's English word-frequency list, with the
common single-token words of Mistral's Tekken tokenizer added (for British
spellings). An unknown word is replaced by the known word that the likeliest
edit reaches (one edit, else two), the more common word winning a tie; capitalised words inside a sentence are
taken for names and left alone. Sentence starts get a capital, a lone "i"
becomes "I", doubled spaces go, and the text ends with punctuation. Work stays linear: words longer
than MAX_WORD letters are left as written, and two edits are tried only for short words.

A half-corrected text is worse than none, so the skill declines whenever its reading is fragile: a
correction that adds or drops an ending ('studys') or lands on a rare word, a word that may be a term
('yaml') or a misspelled name ('Londn'), a real word that is a classic slip ('a loaf of bred'), a slip
with more than one fix (slips.py), a request for more than a corrected text ('and translate it'), or a
text whose edges are unclear (see target_text). Addresses, handles and inline code are never touched.
"""

from __future__ import annotations

import functools
import math
import re
import string

from .. import resources
from .conversation import Conversation, Reply, Task
from .prompt import blocks, unquote
from .skill import SURE, UNSURE
from .slips import doubts, fix_slips, sound_alike

ASKS = re.compile(r"\b(correct|fix|clean up|tidy up|tidy|put right)\b.{0,60}?\b(spelling|spell|grammar|typos?|mistakes"
                  r"|errors|text|prompt|sentence|message|note|paragraph|email|this|english|writing|wording|punctuation"
                  r"|caption|line|post|tweet|bio|letter|log|comment|title|copy|draft|update|msg|it|them|that|mine"
                  r")\b|\bproof-?read\b|\bproof (?:this|it|that|my (?:text|email|message|draft|post|essay|letter|copy))\b|^\W*(?:please,?\s+)?(?:correct|fix)\s*(?:this|it|me|my text)?\s*:"
                  r"|\bcheck\b.{0,40}?\b(spelling|grammar|typos?)\b|\bspell-?check\b|\bspelling check\b"
                  r"|\bcheck\b(?![^.\n]{0,40}\b(?:logs?|code|script|query|data|csv|json|config|output|trace|file|sql)\b)"
                  r"[^.\n]{0,40}?\b(?:mistakes|errors)\b"
                  r"|\btypos?\b"
                  r"|\bfix (it|this|that)\b|\bis (this|it) (right|correct)\b", re.I | re.S)
CODE = re.compile(r"\bdef \w+\(|\breturn\b[^\n]{0,40}?[-+*/=]|[{};]\s*$|\w\(\w*[,)]|==|=>|->|\bfunction\b|</?\w+>|\bimport \w+",
                  re.M)  # code is no prose to proofread
MAX_WORD = 20       # longer words are left as written
ONE_EDIT, TWO_EDITS = 1.0, 1.8  # the most an edit may cost to be made: beyond, the word is left as written
FIRST_LETTER = 0.4  # what an edit at the first letter costs on top
LONG_TWO_EDITS = 1.6  # the cost given to a two-edit correction of a long word found through the deletes index
COMMON_TOKENS = 40_000  # Tekken words with a lower id than this are common enough to count as known
INDEXED = math.log10(200)  # long words at least this common are indexed for two-edit corrections
STRAY = 1.2  # what a consonant too many costs, neither doubled nor a vowel: more than one edit may cost
MAX_TWO_EDITS = 7  # every pair of edits is tried only for words this short; longer ones use a deletes index


@functools.cache
def known_words() -> dict[str, float]:
    """Lower-case word -> how common it is (log10 of a count): pyspellchecker's English word-frequency list,
    plus the words that are a single, common token in Mistral's Tekken tokenizer (British spellings)."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    known = {w: math.log10(c) for w, c in counts.items() if w.isalpha()}
    for word in _common_tokens():
        known.setdefault(word, 2.0)
    return known


@functools.cache
def _single_tokens() -> frozenset[str]:
    """Every lower-case word that is one token of the Tekken tokenizer, common or not ('pytest', 'yaml')."""
    tk = resources.tokenizer().instruct_tokenizer.tokenizer
    found = set()
    for i in range(tk.num_special_tokens, tk.n_words):
        piece = tk.id_to_piece(i)
        if isinstance(piece, str) and piece.startswith(" ") and piece[1:].isalpha() and piece[1:].islower():
            found.add(piece[1:])
    return frozenset(found)


@functools.cache
def _common_tokens() -> frozenset[str]:
    """The words that are a single, common token in Mistral's Tekken tokenizer: common, whatever the word list says."""
    tk = resources.tokenizer().instruct_tokenizer.tokenizer
    found = set()
    for i in range(tk.num_special_tokens, min(tk.n_words, COMMON_TOKENS)):
        piece = tk.id_to_piece(i)
        if isinstance(piece, str) and piece.startswith(" ") and piece[1:].isalpha():
            found.add(piece[1:].lower())
    return frozenset(found)


VOWELS = set("aeiouy")
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEAR = {(a, b) for row in KEYBOARD for a, b in zip(row, row[1:])}
SOUNDS = {("c", "s"), ("c", "k"), ("s", "z"), ("f", "v"), ("i", "y"), ("m", "n"), ("d", "t"), ("b", "p"), ("g", "j")}


def _swap_cost(a: str, b: str) -> float:
    """How likely a typist hits b for a: neighbouring keys, vowels for vowels, letters that sound alike."""
    if (a, b) in NEAR or (b, a) in NEAR or (a, b) in SOUNDS or (b, a) in SOUNDS:
        return 0.9
    return 0.85 if a in VOWELS and b in VOWELS else 1.4  # a vowel for a vowel: the commonest slip (seperate, definately)


def _edits(word: str) -> dict[str, float]:
    """Every string one edit away, with the edit's cost (a left-out letter, above all a doubled one, is cheap)."""
    out: dict[str, float] = {}
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        first = FIRST_LETTER if i == 0 else 0.0  # typists seldom miss the first letter: 'cafe' is not 'safe'
        add = functools.partial(_add_costlier, out, first)
        if b:
            twice = (a and a[-1] == b[0]) or (len(b) > 1 and b[1] == b[0])
            add(a + b[1:], 0.7 if twice else 1.0 if b[0] in "aeiou" else STRAY)  # a letter too many: one typed
            # twice, or a vowel ('truely'); a stray consonant is rare in a typo and common in a term ('refactor')
        if len(b) > 1:
            add(a + b[1] + b[0] + b[2:], 0.8)  # two letters swapped
        for c in string.ascii_lowercase:
            if b and c != b[0]:
                add(a + c + b[1:], _swap_cost(b[0], c))
            doubled = (a and a[-1] == c) or (b and b[0] == c)
            digraph = c == "h" and a[-1:] in ("c", "s", "t", "w", "g", "p")  # 'wich' -> 'which'
            add(a + c + b, 0.7 if doubled or digraph else 0.8 if c in VOWELS else 1.0)  # a letter left out
    return out


def _add_costlier(out: dict[str, float], extra: float, candidate: str, cost: float) -> None:
    if cost + extra < out.get(candidate, 9):
        out[candidate] = cost + extra


@functools.cache
def _deletes_index() -> dict[str, tuple[str, ...]]:
    """Known words of 8 letters or more, by each form with one letter left out: finds two-edit corrections of
    long words in one pass, where trying every second edit would grow as the square of the word."""
    index: dict[str, list[str]] = {}
    for w, frequency in known_words().items():
        if len(w) >= 8 and frequency >= INDEXED:
            for i in range(len(w)):
                index.setdefault(w[:i] + w[i + 1:], []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def _two_edits(lower: str) -> dict[str, float]:
    ranks = known_words()
    if len(lower) <= MAX_TWO_EDITS:
        found: dict[str, float] = {}
        for first, c1 in _edits(lower).items():
            for second, c2 in _edits(first).items():
                if second in ranks and c1 + c2 < found.get(second, 9):
                    found[second] = c1 + c2
        return found
    index, deletes = _deletes_index(), {lower[:i] + lower[i + 1:] for i in range(len(lower))}
    found = {w: LONG_TWO_EDITS for d in deletes | {lower} for w in index.get(d, ())}
    found.update({d: 1.0 if lower[i] in "aeiou" or lower[i:i + 1] == lower[i + 1:i + 2] else STRAY
                  for i, d in enumerate(lower[:i] + lower[i + 1:] for i in range(len(lower))) if d in ranks})
    return found


CAPITALISED = set("monday tuesday wednesday thursday friday saturday sunday january february march april june july "
                  "august september october november december".split())
SUFFIXES = ("izations", "ization", "izing", "ized", "izes", "ize", "ising", "ised", "ises", "ise", "ations", "ation",
            "ings", "ing", "ed", "es", "s", "ly", "ers", "er", "est", "ness", "ment", "ments", "able", "ful")


SUFFIX_SLIPS = (("icly", "ically"), ("ancy", "ency"), ("ency", "ancy"), ("ance", "ence"), ("ence", "ance"),
                ("ant", "ent"), ("ent", "ant"), ("ible", "able"), ("able", "ible"))
SUFFIX_MARGIN = 1.0  # how much commoner the other spelling of an ending must be to be the one meant


def _suffix_slip(lower: str) -> str | None:
    """The word with the ending people confuse spelled the other way, when that spelling is known and far commoner
    ('automaticly' -> 'automatically', 'dependancy' -> 'dependency', 'existance' -> 'existence'). A known word keeps
    '-ant' and '-ent', which make pairs of real words ('descant', 'pendent')."""
    ranks = known_words()
    for wrong, right in SUFFIX_SLIPS:
        if lower in ranks and wrong in ("ant", "ent"):
            continue
        if lower.endswith(wrong) and len(lower) > len(wrong) + 3:
            other = lower[: -len(wrong)] + right
            if ranks.get(other, 0) >= max(RARE_FIX, ranks.get(lower, 0) + SUFFIX_MARGIN):
                return other
    return None


def _known_by_ending(lower: str) -> bool:
    """A known word with a common ending ('categorize' = 'category' + 'ize')."""
    ranks = known_words()
    for suffix in SUFFIXES:
        stem = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(stem) >= 3 and any(ranks.get(stem + e, 0) >= 3 for e in ("", "e", "y", "ate")):
            return True
    return False


INFORMAL = set("wifi pdf pdfs pls plz thx lol omg btw fyi asap imo tbh idk ok okay app apps email emails login logout "
               "signup online offline website websites smartphone inbox covid selfie hashtag emoji laptop podcast "
               "startup standup blog vlog bluetooth ebook ebooks username password dev devs repo repos api apis ui ux "
               "faq faqs gif gifs jpeg png csv url urls html json".split())


# Past tenses a learner builds by rule, and the real ones ('goed' is one edit from 'goes', but means 'went').
IRREGULAR_PASTS = dict(pair.split(":") for pair in (
    "goed:went buyed:bought thinked:thought teached:taught catched:caught bringed:brought runned:ran "
    "writed:wrote eated:ate drinked:drank swimmed:swam falled:fell feeled:felt keeped:kept maked:made "
    "sayed:said speaked:spoke telled:told understanded:understood winned:won knowed:knew growed:grew "
    "throwed:threw drawed:drew flyed:flew builded:built sended:sent spended:spent sleeped:slept meeted:met "
    "sitted:sat standed:stood finded:found gived:gave taked:took comed:came becomed:became begined:began "
    "breaked:broke choosed:chose drived:drove forgetted:forgot getted:got holded:held losed:lost "
    "rided:rode selled:sold shaked:shook stealed:stole weared:wore leaved:left seened:seen"
).split())
TOO_CLOSE = 0.05  # two corrections whose scores differ by less than this are a coin toss
RARE = 2.2  # a known word this rare, one slip of the keys from a word far more common, is taken for a typo


def _one_edit(lower: str) -> dict[str, float]:
    ranks = known_words()
    return {w: c for w, c in _edits(lower).items() if w in ranks and c <= ONE_EDIT and not _spelling_variant(lower, w)}


BRITISH_AMERICAN = [("our", "or"), ("tre", "ter"), ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("ise", "ize"),
                    ("ising", "izing"), ("ised", "ized"), ("yse", "yze"), ("ysing", "yzing"), ("ysed", "yzed"),
                    ("ogue", "og"), ("ence", "ense"), ("amme", "am")]
VARIANT_MIN = 5  # shorter words are not told apart by these endings ('yor' is a slip for 'your', not a variant)


def _british(lower: str) -> bool:
    """An unknown word whose American spelling is known ('favourite', 'analyse')."""
    return lower not in known_words() and _american_known(lower)


def _american_known(lower: str) -> bool:
    """A word whose American spelling is known ('programme': 'program'), whether or not the word itself is."""
    ranks = known_words()
    if len(lower) < VARIANT_MIN:
        return False
    for uk, us in BRITISH_AMERICAN:
        at = lower.find(uk)
        while at != -1:
            if _variant_place(uk, lower[at + len(uk):]) and lower[:at] + us + lower[at + len(uk):] in ranks:
                return True
            at = lower.find(uk, at + 1)
    return False


PREFIXES = ("anti", "non", "pre", "post", "multi", "micro", "sub", "inter", "over", "under", "self", "semi", "co", "re", "un")
COMPOUND_PART = 3.5  # how common each half of a compound must be ('roadmap' = 'road' + 'map')


def _compound(lower: str) -> bool:
    """An unknown word made of a common prefix and a known word ('antiemetic'), or of two common words
    ('roadmap', 'checkbox'): a word the dictionary lacks, not a slip."""
    ranks = known_words()
    if lower in ranks or len(lower) < 7:
        return False
    if any(lower.startswith(p) and lower[len(p):] in ranks and len(lower) - len(p) >= 4 for p in PREFIXES):
        return True
    return _compound_strength(lower) >= COMPOUND_PART


def _compound_strength(lower: str) -> float:
    """How common the rarer half of the best split of a word into two known words is (0 for none)."""
    ranks = known_words()
    return max((min(ranks.get(lower[:i], 0), ranks.get(lower[i:], 0)) for i in range(3, len(lower) - 2)), default=0)


OUR_ENDINGS = {"", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "less", "ist", "ists", "ism", "ly", "y"}


def _variant_place(uk: str, after: str) -> bool:
    """'-our' is British only at a word's end or before an ending ('colour', 'favourite'), not in 'fourty'."""
    return uk != "our" or after in OUR_ENDINGS


def _spelling_variant(a: str, b: str) -> bool:
    """British and American spellings of one word ('organising', 'organizing', 'colour', 'color', 'centre',
    'center', 'travelled', 'traveled') are both right."""
    if len(a) == len(b) and {x + y for x, y in zip(a, b) if x != y} <= {"sz", "zs"}:
        return True
    if min(len(a), len(b)) < VARIANT_MIN:
        return False
    for uk, us in BRITISH_AMERICAN:
        for x, y in ((a, b), (b, a)):
            at = x.find(uk)
            while at != -1:
                if _variant_place(uk, x[at + len(uk):]) and x[:at] + us + x[at + len(uk):] == y:
                    return True
                at = x.find(uk, at + 1)
    return False


# Classic misspellings that look like two words in one ('great' + 'fully') or sit too far from the word meant.
CLASSIC = dict(pair.split(":") for pair in (
    "greatful:grateful greatfully:gratefully publically:publicly basicly:basically maintainance:maintenance "
    "liase:liaise mispell:misspell mispelled:misspelled "
    # misspellings every English speller knows, too far from their word for the edit rules to be sure
    "accomodation:accommodation acommodation:accommodation acomodation:accommodation acheive:achieve "
    "acheivement:achievement aceivement:achievement apparantly:apparently appologise:apologise appologize:apologize "
    "begining:beginning buisness:business catagory:category cemetary:cemetery collegue:colleague "
    "comittee:committee concious:conscious correspondance:correspondence dissapoint:disappoint "
    "dissapointed:disappointed embarass:embarrass enviroment:environment existance:existence goverment:government "
    "immediatly:immediately independant:independent inconvience:inconvenience inconveniance:inconvenience "
    "knowlege:knowledge mantainance:maintenance maintanance:maintenance millenium:millennium neccessary:necessary "
    "nessesary:necessary neccesary:necessary necesary:necessary noticable:noticeable occassion:occasion "
    "occured:occurred occurence:occurrence parliment:parliament posession:possession prefered:preferred "
    "priviledge:privilege recomend:recommend reccomend:recommend reccommend:recommend refered:referred "
    "relevent:relevant seperate:separate seperately:separately succesful:successful sucessful:successful "
    "untill:until wierd:weird febuary:february wendsday:wednesday wensday:wednesday excercise:exercise "
    "excersise:exercise excersises:exercises excercises:exercises extention:extension bibliograpy:bibliography "
    "perishible:perishable alluminium:aluminium afternon:afternoon").split())


def correct_word(word: str) -> str | None:
    """The word corrected, the word itself when it is right (or a name), or None when it is wrong beyond rules."""
    lower, ranks = word.lower(), known_words()
    if lower in IRREGULAR_PASTS:
        return _same_case(word, IRREGULAR_PASTS[lower])
    if lower in CLASSIC:
        return _same_case(word, CLASSIC[lower])
    if not lower.isalpha() or lower in INFORMAL or len(lower) > MAX_WORD or lower in _accented() \
            or _british(lower):
        return word  # 'cafe' is 'café' written without its accent, 'favourite' the British 'favorite'
    if lower in ranks:
        doubled = _doubling_slip(lower)
        if doubled:
            return _same_case(word, doubled)
        if 3 <= len(lower) <= 4 and ranks[lower] < RARE_FIX and lower not in INFORMAL and \
                any(ranks[w] >= ranks[lower] + 1.5 for w in _edits(lower) if w in ranks):
            return None  # 'the ful amount', 'our tem': a rare scrap, or a slip for 'full', 'team'? rules can't tell
        other = _suffix_slip(lower) if ranks[lower] < RARE else None
        if other:
            return _same_case(word, other)  # 'dependancy': known, rare, and 'dependency' far commoner
        if ranks[lower] < RARE and len(lower) >= 5 and not _american_known(lower):
            # 'calender': known, rare, and a slip from 'calendar'
            common = {w: c for w, c in _one_edit(lower).items() if c <= 1.0 and ranks[w] >= ranks[lower] + 1.5}
            if len(common) == 1 and not _changes_ending(lower, next(iter(common))):
                return _same_case(word, next(iter(common)))
            if common:  # 'employes': 'employees', 'employs' or 'employed'? 'licenced' or 'licence'?
                return None
        return word
    if len(lower) == 3:  # 'teh' -> 'the': only two letters swapped, into a very common word
        swapped = {w for w, c in _edits(lower).items() if c == 0.8 and ranks.get(w, 0) >= 5 and sorted(w) == sorted(lower)}
        return _same_case(word, swapped.pop()) if len(swapped) == 1 else None
    if len(lower) <= 2:
        return word  # 'pt', 'ok': an abbreviation as often as a slip
    if len(lower) < 4:
        return None  # 'tem': too short to tell 'team' from 'ten' or 'them', and left as written it stays wrong
    regular = _regular_plural(lower) or _suffix_slip(lower)
    if regular:  # 'familys' -> 'families', 'patchs' -> 'patches': the plural spelled by rule; 'automaticly'
        return _same_case(word, regular)
    found = _one_edit(lower)
    doubled = any(c <= 0.7 for c in found.values())  # a letter typed twice or once too few: the commonest slip
    if not doubled and _compound(lower) and not any(
            c <= 1.0 and ranks[w] > _compound_strength(lower) for w, c in found.items()) and not (
            len(lower) >= 6 and not any(ranks[w] >= RARE_FIX for w in found) and any(
                c <= TWO_EDITS and ranks[w] >= COMMON and ranks[w] > _compound_strength(lower) + 0.5
                and not _spelling_variant(lower, w)
                for w, c in _two_edits(lower).items())):
        return word  # 'backend', 'roadmap': two common words in one, not a slip; but 'marchant' ('march' + 'ant') is
        # one slip from 'merchant', commoner than 'ant'
    if not doubled and lower in _single_tokens():
        return None  # 'yaml', 'pytest': one token of Mistral's tokenizer, so likely a term; a slip only if doubled
    if not doubled and any(lower.endswith(e) and ranks.get(lower[:-len(e)], 0) >= 3 for e in ("s", "es", "ed", "ing")):
        return None  # 'citys', 'childrens': a known word with an ending built by rule; which form was meant?
    if not found and (_known_by_ending(lower) or _compound(lower)):
        return word  # 'categorize': a known word and a common ending; 'roadmap', 'antiemetic': one made of two
    if len(lower) >= 6 and not any(ranks[w] >= RARE_FIX for w in found):  # 'complane': 'compline' is one letter
        found = {w: c for w, c in _two_edits(lower).items() if c <= TWO_EDITS and not _spelling_variant(lower, w)} \
            or found  # off but rare, 'complain' two letters off and common
    if not found:
        return None  # nothing close enough: rather than guess, say it could not be corrected
    score = {w: found[w] - 0.1 * ranks[w] for w in found}  # a likely edit, then a common word
    ranked = sorted(score, key=lambda w: (score[w], w))
    if len(ranked) > 1 and score[ranked[1]] - score[ranked[0]] < TOO_CLOSE:
        return None  # two corrections about as likely: rather than pick one, say it could not tell
    if _changes_ending(lower, ranked[0]) or ranks[ranked[0]] < RARE_FIX:
        return None  # 'studys' -> 'study' drops the plural; 'plumer' -> 'plummer' (a surname) is no safe fix
    return _same_case(word, ranked[0])


def _regular_plural(lower: str) -> str | None:
    """The plural of a known noun written with a plain -s where the spelling rule wants -ies or -es ('studys',
    'deliverys', 'patchs', 'fixs', 'tomatos'), when that plural is itself a known word."""
    ranks = known_words()
    if re.search(r"[^aeiou]ys$", lower) and ranks.get(lower[:-2] + "ies", 0) >= RARE_FIX:
        return lower[:-2] + "ies"
    if re.search(r"(?:ch|sh|x|z|ss|o)s$", lower) and ranks.get(lower[:-1] + "es", 0) >= RARE_FIX \
            and ranks.get(lower[:-1], 0) >= RARE_FIX:
        return lower[:-1] + "es"
    return None


ENDINGS = {"s", "es", "d", "ed", "r", "er", "ing", "ly", "n", "en"}  # what an inflection adds to a word's end
RARE_FIX = 2.5  # a correction into a word rarer than this (a surname, a term) is a guess
COMMON = 4.0  # a word at least this common two letters off beats a compound of two words ('complane': 'complain',
# but 'refactor' is no slip for 'reactor')


def _changes_ending(word: str, fixed: str) -> bool:
    """A correction that adds or drops an ending ('studys' -> 'study', 'programme' -> 'programmed'): the
    typist may have meant the other form, and a wrong number or tense changes the meaning."""
    short, long_ = sorted((word, fixed), key=len)
    return long_.startswith(short) and long_[len(short):] in ENDINGS


@functools.cache
def _accented() -> frozenset[str]:
    """English words with an accent (in the English word-frequency list, not the tokenizer's other languages),
    written without it ('cafe', 'naive')."""
    import unicodedata

    from spellchecker import SpellChecker

    english = SpellChecker(language="en", distance=1).word_frequency.dictionary
    plain = (unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in english if not w.isascii())
    return frozenset(p for p in plain if p.isalpha())


DOUBLING_RARE = 3.0  # an -ing or -ed form this rare, with a consonant doubled or not where a far commoner form has it
DOUBLING_GAP = 1.5   # the other way, is a slip: 'shinning' -> 'shining', 'planing' -> 'planning'


def _doubling_slip(lower: str) -> str | None:
    ranks = known_words()
    m = re.match(r"^(.*[aeiou])([b-df-hj-np-tv-z])(\2?)(ing|ed)$", lower)
    if not m or ranks.get(lower, 0) >= DOUBLING_RARE:
        return None
    head, consonant, twice, ending = m.groups()
    other = head + consonant + ("" if twice else consonant) + ending
    return other if ranks.get(other, 0) >= ranks[lower] + DOUBLING_GAP else None


NAME_OR_SLIP = 3.5  # a capitalised unknown word one slip from a word this common may be a typo, not a name


@functools.cache
def _capitalised_tokens() -> tuple[frozenset[str], frozenset[str]]:
    """Capitalised words that are one token of the Tekken tokenizer (lower-cased): all of them (names it knows,
    'Ngozi'), and the common ones ('London', 'Google', 'Christmas')."""
    tk = resources.tokenizer().instruct_tokenizer.tokenizer
    every, common = set(), set()
    for i in range(tk.num_special_tokens, tk.n_words):
        piece = tk.id_to_piece(i)
        if isinstance(piece, str) and piece.startswith(" ") and piece[1:].isalpha() and piece[1].isupper():
            every.add(piece[1:].lower())
            if i < COMMON_TOKENS and len(piece) > 4:
                common.add(piece[1:].lower())
    return frozenset(every), frozenset(common)


def _name_or_slip(token: str) -> bool:
    """A capitalised word inside a sentence that neither the dictionary nor the tokenizer knows, one edit from a
    common word or a common name ('Resturant', 'Londn', 'Chrismas'): it could be a name, or a slip; the skill says
    so rather than guess."""
    lower, ranks = token.lower(), known_words()
    names, common_names = _capitalised_tokens()
    if len(lower) < 4 or lower in ranks or lower in names or not lower.isalpha() or _british(lower) \
            or lower in _accented() or lower in _single_tokens():
        return False
    return any(c <= ONE_EDIT and (ranks.get(w, 0) >= NAME_OR_SLIP or w in common_names) for w, c in _edits(lower).items())


def _same_case(word: str, fixed: str) -> str:
    return fixed.capitalize() if word[0].isupper() else fixed


def correct(text: str) -> tuple[str, list[str]]:
    """The text with its spelling, then its common slips (slips.py), corrected ('hasnt' is a slip, not 'hast'),
    and the words it found wrong but could not correct."""
    fixed, unfixable = correct_spelling(fix_slips(text))
    return PLURAL_SUBJECT.sub(_plural_verb, fix_slips(fixed)), unfixable


PLURAL_SUBJECT = re.compile(r"\b((?:the|these|those|our|my|your|their|his|her|all|many|some|most|both|several) )"
                            r"([a-z]{3,}s)( )(was|has|is|does|doesn['’]t|wasn['’]t|isn['’]t|hasn['’]t)\b", re.I)
PLURAL_VERB = {"was": "were", "has": "have", "is": "are", "does": "do", "doesn't": "don't", "wasn't": "weren't",
               "isn't": "aren't", "hasn't": "haven't"}
SINGULAR_IN_S = set("news means series species lens gas bus plus canvas chaos bias atlas alias basis thesis crisis "
                    "analysis status campus virus bonus census corpus focus genius menus physics mathematics economics "
                    "politics ethics athletics statistics diabetes measles herpes rabies".split())


def _plural_verb(m: re.Match) -> str:
    """'the results was' -> 'the results were': a plain plural noun right after its determiner, then a singular
    verb. Only when the noun is surely a plural (its singular is a common word)."""
    noun, verb = m.group(2).lower(), m.group(4)
    ranks = known_words()
    singulars = [noun[:-1]] + ([noun[:-3] + "y"] if noun.endswith("ies") else []) + \
                ([noun[:-2]] if noun.endswith("es") else [])
    if noun in SINGULAR_IN_S or noun.endswith(("ss", "us", "is")) or \
            not any(ranks.get(w, 0) >= 3.0 for w in singulars):
        return m.group(0)
    return m.group(1) + m.group(2) + m.group(3) + _same_case(verb, PLURAL_VERB[verb.lower().replace("’", "'")])


UNTOUCHED = re.compile(r"(?:https?://|www\.)[^\s\"'<>]*[^\s\"'<>.,;:!?)]|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+|`[^`\n]*`")


def correct_spelling(text: str) -> tuple[str, list[str]]:
    out, unfixable, sentence_start = [], [], True
    tokens, at = [], 0
    for kept in UNTOUCHED.finditer(text):  # an address, a handle or inline code is written as it must be
        tokens += re.split(r"(\W+)", text[at:kept.start()]) + [kept.group(0)]
        at = kept.end()
    tokens += re.split(r"(\W+)", text[at:])
    for i, token in enumerate(tokens):
        contraction = i + 2 < len(tokens) and tokens[i + 1] in ("'", "’") and tokens[i + 2].lower() == "t"  # "mustn't"
        if token.isalpha() and i and tokens[i - 1] in ("'", "’"):
            pass  # the 's', 't' or 'll' of a contraction
        elif token.isalpha() and contraction:
            token = token[0].upper() + token[1:] if sentence_start else token
            sentence_start = False
        elif token.isalpha():
            if token == "i":
                token = "I"
            elif not (token[0].isupper() and not sentence_start):  # keep names as written
                fixed = correct_word(token)
                if fixed is None:
                    unfixable.append(token)
                else:
                    token = fixed
            elif token.lower() not in known_words() and (fixed := correct_word(token)) and \
                    fixed.lower() in CAPITALISED:
                token = fixed  # 'Munday' is no name: 'Monday' is one edit away
            elif _name_or_slip(token):
                unfixable.append(token)  # 'the Resturant': a name, or a slip for 'restaurant'? rules can't tell
            if token.lower() in CAPITALISED:
                token = token.capitalize()  # 'friday' -> 'Friday'
            if sentence_start:
                token = token[0].upper() + token[1:]
            sentence_start = False
        elif re.search(r"[.!?][\"'“”‘’)]*\s[\s\"'“”‘’]*$", token):  # not the point inside '€3.4m' or 'e.g.x
            sentence_start = True
        out.append(token)
    fixed = re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
    last_line = fixed.rsplit("\n", 1)[-1]
    ends = not fixed or fixed[-1] in ".!?:;\"')" or len(last_line.split()) < 4  # 'Kind regards,\nTom' takes no stop
    return (fixed if ends else fixed + "."), unfixable


SMILEY = re.compile(r":[-']?[()DPp3/|\\]")  # ':)' opens no text
THANKS_ONLY = re.compile(r"^\W*(?:thanks?|thank you|thx|ty|cheers|many thanks|much appreciated|ta)\b[^.\n]{0,40}$", re.I)
LABEL = re.compile(r"^[^:\n]{0,40}?\b(?:text|sentence|note|message|draft|version|e-?mail|paragraph|line|here(?:['’]s| is)"
                   r"|caption|post|tweet)\b[^:\n]{0,20}:[ \t]*", re.I)  # 'Here is my text: ...'


def target_text(prompt: str) -> str | None:
    """The text to correct, or None when where it starts or ends is a guess: one fenced block, else what follows
    the colon that ends the request, else the one long quote, else the paragraphs or lines beside the request,
    else the one sentence beside it on its line."""
    fenced = blocks(prompt)
    if fenced:
        return fenced[0] if len(fenced) == 1 else None
    m = ASKS.search(prompt)
    after = prompt[m.end():] if m else prompt
    colon = -1 if m and m.group(0).rstrip().endswith(":") else _opening_colon(after)  # 'Correct: ...' holds its colon
    if colon is not None:  # 'fix this: ...'
        text = _without_thanks(after[colon + 1:].strip())
        if any(_is_request(p) for p in re.split(r"\n\s*\n", text)[1:]):
            return None  # another request after the text: where the text ends is a guess
        inner = unquote(text)
        return inner if inner != text and not re.search(r"[\"“”]", inner) else text
    quoted = re.findall(r"[\"“]([^\"”]{8,})[\"”]", prompt) + re.findall(r"(?<!\w)['‘]([^\n]{8,}?)['’](?!\w)", prompt)
    if quoted:
        return max(quoted, key=len)
    for pieces, glue in ((re.split(r"\n\s*\n", prompt), "\n\n"), (prompt.split("\n"), "\n")):
        parts = [p.strip() for p in pieces if p.strip()]
        if len(parts) < 2:
            continue
        asking = [i for i, p in enumerate(parts) if _is_request(p)]
        if any(ABOUT_THE_TEXT.search(p) for i, p in enumerate(parts) if i not in asking and asking):
            return None  # 'I wrote this for the newsletter and I'm not sure of the spelling.': a word about the text, or text?
        if asking == [0] or asking == [len(parts) - 1]:  # the request above or below its text: all of the text
            return LABEL.sub("", _without_thanks(glue.join(p for i, p in enumerate(parts) if i not in asking)), count=1)
        if asking:
            return None  # requests between paragraphs: which of them is the text is a guess
        return parts[-1] if glue == "\n\n" else None
    # the request and its text share a line: the one sentence that is not the request
    kept = [s for s in re.split(r"(?:(?<=[.!?])|(?<=:\))|(?<=:-\))|(?<=[\U0001F300-\U0001FAFF]))\s+", prompt.strip())
            if not _is_request(s)]
    if len(kept) != 1:
        return None  # 'Correct my spelling. I'm not a native speaker. The weather was terible.': where does it start?
    return LABEL.sub("", kept[0], count=1).strip()

# A paragraph beside the request that speaks of the text or of its checking is the learner's framing, not text
# ('I wrote this for the school newsletter', "I'm not sure about the spelling", 'it goes to my boss').
ABOUT_THE_TEXT = re.compile(r"\b(?:spelling|grammar|grammer|typos?|proof-?read\w*|punctuation)\b"
                            r"|\b(?:i|we)(?:['’]ve| have)? (?:wrote|written|drafted|put together|typed) (?:this|it|the (?:text"
                            r"|message|email|note|post) below)\b|\b(?:this|it)(?:['’]s| is) (?:for|going to|going on|my)\b"
                            r"|\b(?:it|this) goes (?:to|on|in)\b|\bnot (?:sure|confident) (?:about|of|if|whether)\b", re.I)


def _opening_colon(after: str) -> int | None:
    """Where the colon that opens the text is: in the request's own sentence and line, soon after its cue,
    outside brackets and quotes, and no smiley."""
    for m in re.finditer(":", after[:80]):
        before = after[:m.start()]
        if re.search(r"[.!?]\s|\n", before) or re.search(r"[\"“]", before):
            return None  # a colon in a later sentence ('Note: keep British spelling'), or inside the quote
        if SMILEY.match(after, m.start()) or before.count("(") > before.count(")"):
            continue  # ':)' or '(context: ...)'
        return m.start()
    return None


def _without_thanks(text: str) -> str:
    """The text without a last paragraph or line that only thanks ('Thank you!' below the pasted text)."""
    parts = re.split(r"(\n\s*)", text.strip())
    while len(parts) > 2 and THANKS_ONLY.match(parts[-1]):
        parts = parts[:-2]
    return "".join(parts).strip()


def _is_request(sentence: str) -> bool:
    return bool(ASKS.search(sentence)) and bool(re.search(r"\b(you|please|pls|can|could|me|my|the following|this|these"
                                                           r"|below|above)\b|^\W*\w+\b", sentence, re.I)) \
        and len(sentence.split()) <= 25


# Work asked beside the correction, in the request (not the text): the corrected text alone would not answer it.
MORE_ASKED = re.compile(r"\b(?:translat\w*|rewrit\w*|rephras\w*|paraphras\w*|reword\w*|shorten\w*|summari[sz]\w*"
                        r"|expand\w*|explain\w*|list (?:the|all|any|every|each|them|what)|count\w*|highlight\w*"
                        r"|underline\w*|bold|tell me (?:what|which|why|how|where|if|whether)|why\b|improve\w*|polish\w*"
                        r"|more (?:formal|professional|polite|friendly|concise|casual|natural|fluent)|sound\w* (?:more|less"
                        r"|better|professional|formal|natural|native)|shorter|longer|formal|tone|style|json|table"
                        r"|which (?:words?|errors?|mistakes?)|what (?:words?|errors?|mistakes?)|how many)\b", re.I)


GRAMMAR = re.compile(r"\b(?:grammar|grammer|grammatical\w*|my english|the english|tenses?)\b", re.I)
NEGATED = re.compile(r"\b(?:not|no|without|never|nor|don['’]t|doesn['’]t|won['’]t)\b(?:\W+\w+){0,3}\W*$", re.I)


class Proofread:
    name = "proofread"
    summary = "correct spelling"
    lesson = "lesson 01"

    def read(self, conv: Conversation) -> Task | None:
        prompt = conv.last_user
        if not ASKS.search(prompt) and not (conv.system and ASKS.search(conv.system)):
            return None
        text = target_text(prompt) if ASKS.search(prompt) else prompt.strip()
        understood = "a request to correct a text"
        if text is None:
            return Task(self.name, UNSURE, understood,
                        lacking="it could not tell where the text to correct starts and ends (put it after a colon, "
                                "in quotes or in a fenced block)")
        if not text or len(text.split()) < 2:
            return Task(self.name, UNSURE, understood, lacking="it found no text to correct")
        if CODE.search(text):
            return Task(self.name, UNSURE, understood, lacking="the text looks like code, and it corrects prose only")
        extra = next((m for m in MORE_ASKED.finditer(prompt.replace(text, " ")) if not NEGATED.search(
            m.string[max(0, m.start() - 25):m.start()])), None) if ASKS.search(prompt) else None
        if extra:  # 'fix the typos and translate it': the corrected text alone would not answer
            return Task(self.name, UNSURE, understood,
                        lacking=f"the request also asks for more than a corrected text (\"{extra.group(0)}\")")
        fixed, unfixable = correct(text)
        if unfixable:
            named = ", ".join(f"'{w}'" for w in dict.fromkeys(unfixable))
            return Task(self.name, UNSURE, understood, lacking=f"it could not tell how to correct {named}")
        if _same_words(fixed, text):  # nothing it can fix: the text may be right, or wrong beyond rules
            return Task(self.name, UNSURE, understood,
                        lacking="it found no spelling mistake or common slip to fix, and subtler grammar "
                                "needs a language model")
        request = "\n".join([conv.system, prompt.replace(text, " ")])
        grammar_only = GRAMMAR.search(request) and not re.search(r"\bspell|\btypo", request, re.I)
        if grammar_only and _same_words(fixed, correct_spelling(text)[0]):  # 'fix my grammar': spelling alone won't do
            return Task(self.name, UNSURE, understood,
                        lacking="the request asks for grammar, and besides the spelling its rules found no grammar "
                                "slip they know how to fix (a subtler one would stay)")
        doubtful = doubts(fixed)
        if doubtful:  # a half-corrected text is worse than none: say what it saw instead
            return Task(self.name, UNSURE, understood,
                        lacking=f"the text has {doubtful[0]}, " + ("and rules can't tell which word is meant"
                                if "may be meant" in doubtful[0] else "a slip with more than one fix that rules can't choose"))
        alike = sound_alike(fixed)
        if alike:  # 'a loaf of bred': a real word, or a slip for 'bread'? rules can't tell
            return Task(self.name, UNSURE, understood,
                        lacking=f"the text has '{alike}', a real word that is also a common slip for one that sounds "
                                "alike, and rules can't tell which it is here")
        return Task(self.name, SURE, understood, data=fixed)

    def answer(self, task: Task) -> Reply:
        return Reply(content=task.data, skill=self.name)


def _same_words(fixed: str, text: str) -> bool:
    """True when correcting changed no word (only capitals at sentence starts, spaces or the final stop)."""
    return re.findall(r"[\w'’]+", fixed.lower()) == re.findall(r"[\w'’]+", text.lower())

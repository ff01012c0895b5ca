"""What a question about a manual names: the options and calls it asks about ("-k", "hex()"), as a
manual's headings write them, and the words that may name their program ("bzip2" of "What does
the -k option of bzip2 do?")."""

from __future__ import annotations

import re

from index.lexical import content_words
from index.sections import OPTION_PATTERN
from qa.extract import stem

# what a question names as a manual does in a term's heading: an option ("-k", "--keep") or a call ("hex()")
OPTION = re.compile(OPTION_PATTERN)
CALL = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\(\)")
VALUE = re.compile(rf"(?:{OPTION_PATTERN})=(\S+)")  # the value a question gives an option: "full" of "--leak-check=full"


def asked_terms(question: str) -> list[re.Pattern[str]]:
    """Patterns of the options and calls ``question`` names, as a heading writes them: "-k" in
    "-k --keep" (not in "-kb"), "hex()" as "hex(x)" or "hex"."""
    return asked_options(question) + asked_calls(question)


def asked_names(question: str) -> list[str]:
    """The options and calls ``question`` names, as :func:`index.sections.heading_terms` writes
    them: "-k", "--keep", "hex" (of "hex()")."""
    return OPTION.findall(question) + CALL.findall(question)


def program_words(question: str) -> list[str]:
    """The words of ``question``, which names an option or call, that may name the program it
    belongs to ("bzip2" of "What does the -k option of bzip2 do?"): not the option's or call's
    own words, nor those asking what it does ("option", "flag", "return", ...) or when it came
    ("added", "version", ...), nor its default ("default", "value"), nor "GNU" of "GNU tar", nor
    "type" asked of a call's part, nor the value it gives the option ("full" of "--leak-check=full")."""
    part = asked_part(question)  # (and "type" asked of it: "What type is the mode option of fs.mkdir()?")
    named = set(content_words(" ".join(asked_names(question) + VALUE.findall(question) + [part or ""])))
    named |= {"type", "types"} if part else set()
    return [w for w in content_words(question, TERM_WORDS | WHEN_WORDS | VENDOR_WORDS | PART_WORDS | DEFAULT_WORDS | named)
            if len(w) > 1]


def asked_part(question: str) -> str | None:
    """The part of the call ``question`` names that it asks about, as the call's signature writes
    it: "strict" of "When was the strict argument of zip() added?", "Which version added the
    parameter `key` to min()?", "Since when does zip() accept strict?"; None where it names no
    call, or no part by its name ("keyword arguments", "the first argument": :func:`asks_of_part`).
    Node.js's "options.signal" names the part "signal"."""
    return next((w for w in _part_words(question) if content_words(w, _NOT_PART_WORDS)
                 or re.search(rf"(?<![\w.])options\.{re.escape(w)}\b", question)), None)  # (Node.js's "options.flag")


def asks_of_part(question: str) -> bool:
    """Whether ``question`` asks of a part of the call it names, by its name or not ("When was
    keyword argument support added to sum()?"): not of the call itself."""
    return bool(_part_words(question))


def _part_words(question: str) -> list[str]:
    """The words of ``question`` that may name a part of the call it names (:data:`_PARTS`), in order."""
    calls = CALL.findall(question)
    if not calls:
        return []
    rest = re.sub("|".join(re.escape(c) + r"\(\)" for c in calls), " ", question)
    return [w for _, w in sorted((m.start(1), m.group(1)) for part in _PARTS for m in part.finditer(rest))]


def asks_default(question: str) -> bool:
    """Whether ``question`` asks what the option or call it names is by default ("What is the
    default of --num-callers?", "What does print() use for end by default?"; in words besides
    their names: not "What does the --default option do?", nor "When was the default argument of
    min() added?")."""
    said = asked_names(question)
    rest = re.sub("|".join(re.escape(n) for n in said), " ", question) if said else ""
    part = 1 if (asked_part(question) or "").lower() == "default" else 0  # (min()'s default argument)
    return bool(said) and len(re.findall(r"\bdefaults?\b", rest, re.IGNORECASE)) > part


def asks_when(question: str) -> bool:
    """Whether ``question`` asks when the option or call it names came: it writes a word of
    :data:`WHEN_WORDS` besides their names ("When was -X added?"; not "What does --new do?"), or
    asks when it got something (:data:`GOT`: "When did print() get the flush argument?")."""
    named = set(content_words(" ".join(asked_names(question))))
    return bool((set(content_words(question)) - named) & WHEN_WORDS) or bool(GOT.search(question))


def names(asked: list[str], text: str) -> bool:
    """``text`` writes each of the words ``asked`` (:func:`qa.changes.naming_words`,
    :func:`program_words`), as a whole word, or with the same stem: "sed", "libheif1"; or with a
    version or "js" after it, as package folders write programs ("python" of "python3.11", "node"
    of "nodejs"); another prefix is not enough ("libheif" does not name "libheaptrack")."""
    written = set(content_words(text))
    forms = written | {stem(w) for w in written} | {b for w in written if len(b := _PACKAGED.sub("", w)) > 1}
    return all(w in forms or stem(w) in forms for w in asked)


_PACKAGED = re.compile(r"(?:\d+|js)$")  # what a package's name may add to its program's: "python3", "nodejs"


def asked_options(question: str) -> list[re.Pattern[str]]:
    """Patterns of the options ``question`` names, as a heading writes them: "-k" in "-k --keep" (not in "-kb";
    curl's "--tlsv1" not in "--tlsv1.1")."""
    return [re.compile(rf"(?<![\w-]){re.escape(o)}(?![\w-]|\.\w)") for o in OPTION.findall(question)]


def asked_calls(question: str) -> list[re.Pattern[str]]:
    """Patterns of the calls ``question`` names ("hex()"), as a heading or a sentence writes them."""
    return [re.compile(rf"(?<![\w.]){re.escape(name)}(?:\(|\s*$)") for name in CALL.findall(question)]


_AROUND = r"(?:options?|flags?|switch|arguments?|parameters?|functions?|methods?|commands?)"
VENDOR_WORDS = frozenset(("gnu", "bsd", "busybox", "posix"))  # what may stand before a program's name: "GNU tar"
_PROGRAM = r"(?:(?:GNU|BSD|BusyBox|POSIX)\s+)?(?!(?:the|a|an|this|that|its|each|every)\b)([A-Za-z][\w.+-]*)"  # ("GNU tar")


def named_programs(question: str) -> list[str]:
    """The words by which ``question`` names the program of the option or call it asks about, as
    one names it: "gzip" of "the --keep option of gzip", "gzip's -k", "What does gzip -k do?",
    "In gzip, what does -k do?"; none of "What does -k do in practice?" (what
    :func:`program_words` takes for a program's name too: "practice"). Not "the compressor" of
    "the -k option of the compressor": a program is named without an article."""
    said = "|".join(re.escape(n) + (r"\(\)" if n in CALL.findall(question) else "") for n in asked_names(question))
    if not said:
        return []
    term = rf"(?:{said})(?![\w-])"
    slots = (rf"(?:\b{_AROUND}|{term})\s+(?:(?:for\s+)?in|of|for|to)\s+{_PROGRAM}",  # "the -k option of gzip"
             rf"\b{_PROGRAM}'s\s+(?:the\s+)?(?:{term}|{_AROUND})",  # "gzip's -k option"
             rf"(?:^|\b(?:does|do|did|is|are|was|were|about|use|using|run|running|with|the|a|an|of|explain|describe)\s+)"
             rf"{_PROGRAM}\s+{term}",  # "What does gzip -k do?"
             rf"^\s*(?:in|for|with|using)\s+{_PROGRAM}\s*,")  # "In gzip, what does -k do?"
    words = set(program_words(question))
    found = [w for slot in slots for m in re.finditer(slot, question, re.IGNORECASE) for w in content_words(m.group(1))]
    return list(dict.fromkeys(w for w in found if w in words))


def another_program(question: str, where: str, text: str) -> list[str]:
    """The words by which ``question`` names a program (:func:`named_programs`) where an answer's
    document does not (``where``: its path and title, :func:`names`), nor does the answer's own
    sentence (``text``) write one of them with the option or call asked: "What does the --keep
    option of gzip do?" answered from bzip2's manual ("Keep (don't delete) input files ...") is
    not gzip's answer, though bzip2's manual writes "gzip" elsewhere (in the chunk of "-k --keep"
    too), nor is a sentence of valgrind's guide to running its tools under gdb gdb's --tool.
    Empty where the question names none, or the answer names one ("ls: rename --null to --zero"
    of coreutils' changelog for "What does ls --zero do?"; as a word of its own, :func:`_alone`)."""
    named = named_programs(question)
    if not named or any(names([w], where) for w in named):
        return []
    writes = any(t.search(text) for t in asked_terms(question))
    return [] if writes and any(_alone(w, text) for w in named) else named


def _alone(program: str, text: str) -> bool:
    """Whether ``text`` writes ``program`` as a word of its own, with a version or "js" after it as
    :func:`names` takes it: not as a part of a file's name (wget's "ls-lR.Z.1" names no ls)."""
    return re.search(rf"(?<![\w.-]){re.escape(program)}(?:\d[\d.]*|js)?(?![\w-]|\.\w)", text, re.IGNORECASE) is not None


# a part of a call: "the strict argument", "parameter `key`", "does zip() accept strict?", "options.signal" (in a
# question's words, its calls taken out)
_QUOTED = r"[`'\"*]?([A-Za-z_]\w*)[`'\"*]?"
_PARTS = tuple(re.compile(rf"(?={pattern})", re.IGNORECASE) for pattern in (  # (each word tried: "the options parameter")
    rf"(?<![\w-]){_QUOTED}\s+(?:(?:keyword|positional)(?:-only)?\s+|optional\s+)?(?:arguments?|parameters?|params?|kwargs?"
    r"|keywords?|options?)\b",
    rf"\b(?:arguments?|parameters?|params?|kwargs?|keywords?)\s+{_QUOTED}(?!\s*(?:of|to|for|in|was|is)\b)",
    rf"\b(?:accepts?|takes?|supports?|gets?|got|gained?)\s+(?:an?\s+|the\s+)?{_QUOTED}\s*\??\s*$",
    r"(?<![\w.])[`'\"*]?options\.([A-Za-z_]\w*)(?![\w(])"))  # Node.js's way: "When was options.signal added to fs.readFile()?"
# what a question writes of a call's part besides its name ("the strict argument"), and what names no part
PART_WORDS = frozenset(("argument", "arguments", "parameter", "parameters", "param", "params", "kwarg", "kwargs",
                        "keyword", "keywords", "positional", "optional", "only", "accept", "accepts", "take", "takes",
                        "support", "supports", "get", "gets", "got", "gain", "gained"))
_NOT_PARTS = frozenset(("new", "first", "second", "third", "last", "extra", "required", "variable", "named", "only",
                        "command", "line", "additional", "more", "two", "three"))

# a question that asks when a call got a part: "When did print() get the flush argument?" (not "When does it get called?")
GOT = re.compile(r"\b(?:when|which|what)\b[^?]*\bdid\b[^?]*\b(?:get|gain|receive|acquire)\b", re.IGNORECASE)
# what a question writes to ask when the option or call it names came, naming no program ("When was -X added?")
WHEN_WORDS = frozenset(("added", "introduced", "new", "available", "appear", "appeared", "appears", "version",
                        "versions", "release", "releases", "since", "first"))
# what a question writes around the option or call it names, naming no program ("What does the -k flag do?")
TERM_WORDS = frozenset(("option", "options", "flag", "flags", "switch", "argument", "arguments", "parameter",
                        "function", "method", "call", "command", "line", "mean", "means", "meaning", "purpose",
                        "effect", "return", "returns", "use", "used", "set", "setting", "program", "tool", "give",
                        "explain", "describe", "tell"))
# what a question writes to ask a default ("the default value of ...")
DEFAULT_WORDS = frozenset(("default", "defaults", "value", "values"))
# what names no part: "the keyword argument", "the option argument" (not "options" nor "flags", which Node.js's and
# Python's calls take: "the options parameter of http.createServer()")
_NOT_PART_WORDS = PART_WORDS | _NOT_PARTS | (TERM_WORDS - {"options", "flags"}) | WHEN_WORDS

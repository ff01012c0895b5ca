"""A manual page saved as text (``man tar > tar.txt``; with its formatting, ``index.terminal``
leaves the codes out first). It opens with its name and section on both sides ("TAR(1)   GNU TAR
Manual   TAR(1)"); groff sets its sections' titles at the margin ("NAME", "OPTIONS", "SEE ALSO"),
its subsections' three spaces in ("   Operation mode"), and each option as a tagged paragraph:
the tag seven spaces in ("       -k --keep"), what it does indented deeper under it (or under the
blank line under it), or after it on its line where the tag is short ("       -e     Enable interpretation of backslash escapes").
A configuration file's page tags its settings so ("       Storage=", "       UMASK (number)"; BSD's
mdoc five spaces in: "     ConnectionAttempts"; a tag wrapped over lines, "       SystemMaxUse=,
SystemKeepFree=,\n       RuntimeMaxUse="; avahi's "       use-ipv6= Takes a boolean value" with what it
says after it). Those are its headings, the options and settings
one level under their section, so that a question naming an option or a setting finds and is
answered by its paragraph (as a man page's AsciiDoc source's labeled list
terms are, ``index.sections.with_definition_terms``)."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, TAG_LIST, Heading

# its first line: "TAR(1)   GNU TAR Manual   TAR(1)"
_HEADER = re.compile(r"[ \t]*(?P<page>[^\s()]+\((?P<section>[0-9n]\w{0,8})\))[ \t].*?[ \t](?P=page)[ \t]*")
_SECTION = re.compile(r"(?P<indent>|   )(?P<title>[^\s-][^\n]{0,79}?)[ \t]*")  # at the margin, or three spaces in
_STACKED = 3  # the most tags stacked over what they do ("-V" over "--version")
_DESCRIBED_AT = 14  # the column a tagged paragraph's text starts at (a tag's 7 and groff's default indent of 7)
# a list's item, not a term: a bullet ("•  text"), a number ("1.", "2"), a letter ("a)")
_LIST_MARK = re.compile(r"[•○◦·▪‣*+-](?:\s|$)|\(?(?:\d+[.)]?|[A-Za-z][.)])(?:\s|$)")
_NO_TERMS = ("NAME", "SYNOPSIS")  # the sections whose lines are no terms ("       gcloud run jobs execute [JOB] ...")
_FILLED = 60  # the fewest characters of a line that groff filled to the margin and wrapped
_TERM_CHARS = 60  # the longest tag of a term ("PASS_MAX_DAYS (number)") that is a heading
# a setting's tag with what it says after it on its line: avahi's "       use-ipv6= Takes a boolean value"
_RUN_IN = re.compile(r" +([A-Za-z][\w.:-]*=) +(?=\S)")
# a line of settings' tags that goes on on the next line: "       SystemMaxUse=, SystemKeepFree=,"
_TAGS = re.compile(r"(?:[A-Za-z][\w.:-]*=,[ \t]+)+")
_TAGS_TITLE = 400  # the most of a wrapped line of tags kept as its title: each tag, for a question naming one to find it
_WRAPPED = 8  # the most lines a wrapped tag takes (logind.conf's "HandlePowerKey=, ..." five)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tag(line: str, after: str) -> str | None:
    """The option a line seven spaces in tags: a short one with what it does after it from column
    :data:`_DESCRIBED_AT` ("-P     Never follow symbolic links.", "--help Output a usage message"),
    or the whole line where what it does is under it, indented deeper ("-a, --all"); else None."""
    if len(line) > _DESCRIBED_AT and line[_DESCRIBED_AT - 1] == " " and line[_DESCRIBED_AT] != " ":
        return line[7:_DESCRIBED_AT].strip()
    return line.strip() if after.strip() and _indent(after) > 7 else None


def _term(line: str, previous: str, after: str) -> str | None:
    """The setting or term a configuration page tags (groff's "       Storage=", "       PASS_MAX_DAYS
    (number)"; mdoc's "     ConnectionAttempts"), five or seven spaces in after a blank line or a heading, what
    it says under it at once and indented deeper (or after it on its line, going on under it from the
    same column: "     Port    Specifies the port number ... The de-"): a short line that ends no
    sentence nor introduces ("For example:"); else None."""
    tag, indent = line.strip(), _indent(line)
    if indent not in (5, 7) or previous.strip() or _LIST_MARK.match(tag):
        return None
    if (run_in := _RUN_IN.match(line)) and (not after.strip() or _indent(after) == indent):
        return run_in.group(1)  # (avahi's "use-ipv6= Takes a boolean value ("yes" or "no")."; a paragraph of one line too)
    if not after.strip():
        return None
    # what it says after it on its line and under it: mdoc's "     Port    Specifies"; two spaces between, or one where
    # groff's column follows and a filled line goes on ("       DSHELL The login shell to be used  for  all  new  users."),
    # introducing nothing (find's "       Report any other issue via the form at the GNU Savannah bug tracker:")
    short = re.match(r" +(\S+)( +)(?=\S)", line)
    filled = len(line.rstrip()) >= _FILLED and line.rstrip()[-1] != ":"
    if short and (len(short[2]) > 1 or short.end() == _DESCRIBED_AT and filled) and indent + 4 <= short.end() == _indent(after):
        return short.group(1)
    if _indent(after) < indent + 4:
        return None
    if TAG_LIST.fullmatch(tag):
        return tag  # (however long: "ForwardToSyslog=, ForwardToKMsg=, ForwardToConsole=, ForwardToWall=")
    return tag if len(tag) <= _TERM_CHARS and len(tag.split()) <= 6 and tag[-1] not in ".:,;!?" else None


def _wrapped_term(lines: list[str], n: int) -> tuple[str, int] | None:
    """A line of settings' tags five or seven spaces in that goes on on the lines under it at the
    same column ("       SystemMaxUse=, SystemKeepFree=,", "       RuntimeMaxUse="), what they say
    under them indented deeper: the tags as one title ("SystemMaxUse=, SystemKeepFree=,
    RuntimeMaxUse=", its lines' words joined by a space) and the number of its lines; else None."""
    indent, k = _indent(lines[n]), n
    while k < len(lines) and k - n < _WRAPPED and _indent(lines[k]) == indent and _TAGS.fullmatch(lines[k].strip() + " "):
        k += 1  # (each line but the last ends with a comma)
    if k == n or k + 1 >= len(lines) or _indent(lines[k]) != indent or _indent(lines[k + 1]) < indent + 4:
        return None
    if not TAG_LIST.fullmatch(lines[k].strip()):
        return None
    return " ".join(" ".join(lines[n:k + 1]).split()), k + 1 - n


def _under(lines: list[str], n: int) -> str:
    """The line under line ``n`` past the tags stacked under it (wget's page writes "       -V" over
    "       --version", each its own heading, over what both do), or where that is blank, the one
    after it: sed's page sets a blank line between each option's tag and what it does ("       -n,
    --quiet, --silent", "", "              suppress automatic printing of pattern space")."""
    k = n + 1
    while k < len(lines) and k - n <= _STACKED and lines[k][:7] == "       " and lines[k][7:8] in ("-", "+"):
        k += 1
    after = lines[k] if k < len(lines) else ""
    return after if after.strip() or k + 1 >= len(lines) else lines[k + 1]


def man_page(text: str) -> tuple[str, tuple[Heading, ...]] | None:
    """A manual page's title (its NAME line, "tar - an archiving utility"; else its page, "TAR(1)")
    and headings, or None where ``text`` does not open as one does."""
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or not (header := _HEADER.fullmatch(lines[first])):
        return None
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[Heading] = []
    title, section, level, headed = header["page"], "", 1, -1  # (headed: the line of the last heading)
    for n in range(first + 1, len(lines)):
        line, after = lines[n], lines[n + 1] if n + 1 < len(lines) else ""
        if n <= headed:
            continue  # (a wrapped tag's lines)
        if (head := _SECTION.fullmatch(line)) and _indent(after) > len(head["indent"]):  # (not the page's last line)
            level = 1 if not head["indent"] else 2
            section = head["title"] if level == 1 else section
            found.append((starts[n] + len(head["indent"]), level, head["title"][:MAX_TITLE]))
            headed = n
        elif found and line[:8].strip() in ("-", "+") and line[:7] == "       " and (
                not lines[n - 1].strip() or headed == n - 1) and (tag := _tag(line, _under(lines, n))):
            found.append((starts[n] + 7, min(level + 1, 6), tag[:MAX_TITLE]))
            headed = n
        elif found and section not in _NO_TERMS and _indent(line) in (5, 7) and (headed == n - 1 or not lines[n - 1].strip()) \
                and (wrapped := _wrapped_term(lines, n)):
            found.append((starts[n] + _indent(line), min(level + 1, 6), wrapped[0][:_TAGS_TITLE]))
            headed = n + wrapped[1] - 1
        elif found and section not in _NO_TERMS and (term := _term(line, "" if headed == n - 1 else lines[n - 1], after)):
            found.append((starts[n] + _indent(line), min(level + 1, 6), term[:MAX_TITLE]))
            headed = n
        elif section == "NAME" and line.strip() and title == header["page"]:
            title = line.strip()
    return title[:MAX_TITLE], tuple(found)

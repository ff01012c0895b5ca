"""Questions whose answer is a cell of a table: is the first citation the answering row?

    python bench/tables.py --store DIR [--format html|md|rst]

Four pages written for this bench, each a short introduction, one data table (a header row, then
three or four rows) and a closing sentence, as HTML, as Markdown (``--format md``) or as
reStructuredText with a simple table (``--format rst``); 18 questions,
each answered by one row (named by the row's first cell and the answering cell's text), and 3 the
pages do not answer. The pages are written to DIR-pages, indexed into DIR (reused as it is when it
exists) and asked with the default answerer. To compare with another docqa, run this script with
that tree first on the import path (``PYTHONPATH=OLD_TREE python bench/tables.py --store OTHER_DIR``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qa import DocumentQA

Table = tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]]
TABLES: dict[str, Table] = {
    "drinks": ("Caffeine in drinks", "The table lists typical caffeine amounts per serving.",
               ("Drink", "Serving", "Caffeine"),
               (("Espresso", "30 ml", "63 mg"), ("Black tea", "240 ml", "47 mg"), ("Cola", "355 ml", "34 mg"))),
    "status": ("HTTP status codes", "Servers answer every request with a status code.", ("Code", "Name", "Meaning"),
               (("200", "OK", "The request succeeded."), ("404", "Not Found", "The server cannot find the resource."),
                ("503", "Service Unavailable", "The server is overloaded or down for maintenance."))),
    "planets": ("The inner planets", "Some facts about the four planets closest to the Sun.",
                ("Planet", "Moons", "Distance from the Sun"),
                (("Mercury", "0", "58 million km"), ("Venus", "0", "108 million km"), ("Earth", "1", "150 million km"),
                 ("Mars", "2", "228 million km"))),
    "ferries": ("Island ferries", "Ferries leave the harbour every day of the year.", ("Route", "Departure", "Fare"),
                (("Melby to Rask", "07:15", "12 euros"), ("Melby to Holm", "09:40", "18 euros"),
                 ("Rask to Holm", "16:05", "9 euros"))),
}
# (question, the answering row's first cell, a phrase of the answering cell); row None: unanswerable
QUESTIONS: tuple[tuple[str, str | None, str | None], ...] = (
    ("How much caffeine is in black tea?", "Black tea", "47 mg"),
    ("How much caffeine does espresso have?", "Espresso", "63 mg"),
    ("How big is a cola serving?", "Cola", "355 ml"),
    ("How much caffeine is in cola?", "Cola", "34 mg"),
    ("What is the serving size of espresso?", "Espresso", "30 ml"),
    ("What does status code 404 mean?", "404", "cannot find"),
    ("What is the name of status code 503?", "503", "Service Unavailable"),
    ("Which status code means that the request succeeded?", "200", "200"),
    ("What does a 503 status code mean?", "503", "overloaded"),
    ("How many moons does Mars have?", "Mars", "2"),
    ("How far is Venus from the Sun?", "Venus", "108 million km"),
    ("How many moons does Earth have?", "Earth", "1"),
    ("What is the distance of Mercury from the Sun?", "Mercury", "58 million km"),
    ("When does the ferry from Melby to Holm leave?", "Melby to Holm", "09:40"),
    ("How much is the fare from Rask to Holm?", "Rask to Holm", "9 euros"),
    ("What does the ferry from Melby to Rask cost?", "Melby to Rask", "12 euros"),
    ("When does the Rask to Holm ferry depart?", "Rask to Holm", "16:05"),
    ("Which planet is farthest from the Sun of the four?", "Mars", "228 million km"),
    ("How many rings does Saturn have?", None, None),
    ("What is the ferry fare to Copenhagen?", None, None),
    ("How much sugar is in cola?", None, None),
)


def page(title: str, intro: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1><p>{intro}</p>"
            f"<table><tr>{head}</tr>{body}</table><p>Ask at the desk for more.</p></main></body></html>")


def markdown(title: str, intro: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)] + [f"| {' | '.join(row)} |" for row in rows]
    return f"# {title}\n\n{intro}\n\n" + "\n".join(lines) + "\n\nAsk at the desk for more.\n"


def rst(title: str, intro: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    widths = [max(len(r[k]) for r in (header, *rows)) for k in range(len(header))]
    border = " ".join("=" * w for w in widths)
    lines = [border, " ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip(), border]
    lines += [" ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows] + [border]
    return f"{title}\n{'=' * len(title)}\n\n{intro}\n\n" + "\n".join(lines) + "\n\nAsk at the desk for more.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--format", choices=("html", "md", "rst"), default="html",
                        help="the pages as HTML, Markdown or reStructuredText tables")
    args = parser.parse_args()
    if args.store.exists():
        bot = DocumentQA.open(args.store)
    else:
        folder = args.store.with_name(args.store.name + "-pages")
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in TABLES.items():
            write = {"html": page, "md": markdown, "rst": rst}[args.format]
            (folder / f"{name}.{args.format}").write_text(write(*table), encoding="utf-8")
        bot = DocumentQA.build([folder], args.store)
    right = refused = unrelated_refused = 0
    for question, row, phrase in QUESTIONS:
        answer = bot.ask(question)
        cited = answer.citations[0].text if answer.citations and not answer.abstained else ""
        if row is None:
            unrelated_refused += answer.abstained
            verdict = "refused" if answer.abstained else "answered"
        elif answer.abstained:
            refused += 1
            verdict = "refused"
        else:
            # the row's own text holds its first cell and the answering cell (cells as blocks: the cell alone)
            hit = phrase is not None and phrase in cited and (row in cited or cited.strip() == phrase)
            right += hit
            verdict = "cited right" if hit else "cited wrong"
        print(f"{question}\n  {verdict:<12} confidence {answer.confidence:.2f}  {cited[:90]}")
    answerable = sum(row is not None for _, row, _ in QUESTIONS)
    print(f"cited right first {right}/{answerable}, refused {refused}; "
          f"unrelated refused {unrelated_refused}/{len(QUESTIONS) - answerable}")
    bot.close()


if __name__ == "__main__":
    main()

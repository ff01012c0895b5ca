"""How often legacy-encoded text files come back with every character right.

    python bench/encodings.py

Sentences in eleven languages (Universal Declaration of Human Rights article 1 and everyday
sentences written for this bench), each saved in the code page Windows used for its language,
cut after 3, 5, 7 ... words (a file of a few words is where detectors guess worst). Each cut is
decoded by docqa's loader (``index.loaders.decode_text``) and, where installed, by
charset-normalizer's best guess (docqa's decoder until 2026-12-04); a cut counts when the text
comes back exactly. Prints the counts per language and in all.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from index.errors import DocumentLoadError
from index.loaders import decode_text

TEXTS: dict[str, tuple[str, str]] = {
    "French": ("Le café est très réputé à Genève, dit-on, depuis longtemps déjà. L'hôtel où nous étions "
               "coûtait 120 € la nuit ; c'était « très cher » mais l'accueil était chaleureux. Noël approche "
               "et les élèves préparent leur fête.", "cp1252"),
    "French 2": ("Il était une fois une forêt où vivait un garçon très curieux. Ça lui plaisait beaucoup.",
                 "cp1252"),
    "German": ("Die Straße in München ist für Fußgänger gesperrt. Grüße aus Köln! Der Bäcker öffnet um 7 Uhr – "
               "und schließt erst spät. Übermorgen wird es kühler, sagt der Wetterdienst.", "cp1252"),
    "Spanish": ("El niño comió paella en España. ¿Dónde está la estación? La señora dijo que mañana lloverá. "
                "El café cuesta 2 € en la plaza mayor.", "cp1252"),
    "English": ("The naïve café owner said “it’s fine” — then charged £5 for a croissant. Résumé attached; "
                "see the coöperative’s notes.", "cp1252"),
    "English 2": ("Price: 5€ — “quoted” text. The temperature was 21°C ± 2°.", "cp1252"),
    "Portuguese": ("A informação está disponível na seção de ajuda. Não há solução fácil para o problema da "
                   "habitação em São Paulo.", "cp1252"),
    "Italian": ("Perché la città è così bella? Più di metà degli abitanti è d'accordo.", "cp1252"),
    "Swedish": ("Älgen gick över vägen. Två små öar låg i sjön, och fåglarna sjöng.", "cp1252"),
    "Polish": ("Zażółć gęślą jaźń. Łódź to duże miasto w Polsce, a Kraków jest dawną stolicą. Wszyscy ludzie "
               "rodzą się wolni i równi pod względem swej godności i swych praw.", "cp1250"),
    "Polish 2": ("Łódź to miasto. Kraków jest piękny.", "cp1250"),
    "Czech": ("Příliš žluťoučký kůň úpěl ďábelské ódy. Všichni lidé rodí se svobodní a sobě rovní co do "
              "důstojnosti a práv.", "cp1250"),
    "Czech 2": ("Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni rozumem a "
                "svědomím.", "cp1250"),
    "Hungarian": ("Minden emberi lény szabadon születik és egyenlő méltósága és joga van. Árvíztűrő "
                  "tükörfúrógép.", "cp1250"),
    "Croatian": ("Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima. Čak i šećer.", "cp1250"),
    "Russian": ("Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом "
                "и совестью.", "cp1251"),
    "Turkish": ("Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. Akıl ve vicdana sahiptirler.",
                "cp1254"),
    "Greek": ("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα.", "cp1253"),
}


def cuts(text: str) -> list[str]:
    words = text.split(" ")
    return [" ".join(words[:k]) + "\n" for k in range(3, len(words) + 1, 2)]


def docqa(data: bytes) -> str | None:
    try:
        return decode_text(data, Path("bench.txt"))
    except DocumentLoadError:
        return None


def charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    decoders = {"docqa": docqa}
    try:
        import charset_normalizer as _  # noqa: F401
    except ImportError:
        pass
    else:
        decoders["charset-normalizer"] = charset_normalizer
    right: dict[str, Counter[str]] = {name: Counter() for name in decoders}
    total: Counter[str] = Counter()
    for language, (text, encoding) in TEXTS.items():
        for cut in cuts(text):
            total[language] += 1
            for name, decode in decoders.items():
                right[name][language] += decode(cut.encode(encoding)) == cut
    print(f"{'language':<12} {'cuts':>5} " + " ".join(f"{name:>18}" for name in decoders))
    for language in TEXTS:
        print(f"{language:<12} {total[language]:>5} " + " ".join(f"{right[n][language]:>18}" for n in decoders))
    print(f"{'all':<12} {sum(total.values()):>5} " + " ".join(f"{sum(right[n].values()):>18}" for n in decoders))


if __name__ == "__main__":
    main()

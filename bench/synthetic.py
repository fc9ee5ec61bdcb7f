"""A deterministic generator of synthetic claims for the matching benchmarks.

Claims are news-like sentences of 15-40 words drawn from a vocabulary with a
Zipf-like distribution (a head of common English words, a long tail of made-up
words), with one or two people's names (some people are named far more often
than others) and, in about half the claims, a number (a year, a count, a
percentage or an amount of money).  Claims are grouped in sources ("outlets")
of 20-200 claims each.

A known fraction of claims are planted near-duplicates of an earlier claim from
another source; each carries ``planted_of`` (the original's id) and
``planted_kind``:

* ``reworded``: two or three words replaced, one dropped;
* ``reordered``: the sentence split at a clause boundary and the halves swapped;
* ``word-changed``: one word replaced;
* ``number-changed``: the same sentence with a different number (not the same
  claim: these belong to the contradiction report).

Usage: ``python bench/synthetic.py N --out FILE.jsonl`` writes N claims, one
JSON object a line (``--sources-out`` writes the sources too).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from typing import Any

__all__ = ["generate", "main", "PLANTED_KINDS"]

PLANTED_KINDS = ("reworded", "reordered", "word-changed", "number-changed")

_HEAD = """the of and to in a is that for on was with he it as at by from his
has have an be are not but they this were had which said been who will their
its more would after also than one new about out up there when government
officials year people other into over president first two could last some
time state what all its public them can only most military years security
national company since while against report under during told before federal
because just former now three called still between back policy political
support american program should made our any such both news week may many told
administration according several statement plan campaign leaders election
office house officials month per including country whether where much however
since well group agency law since deal market world budget spending billion
million workers data court power forces contracts launch system defense
industry service health tax trade energy climate border city school police
local foreign investigation spokesperson minister committee senate congress
vote bill rules members private business companies investors prices share
rate growth economy inflation interest jobs unemployment schools hospitals
water housing transport rail roads airport satellites rockets network internet
platform users accounts content media reporters interview memo documents
records sources allegations charges trial judge lawyers evidence testimony
hearing review audit contract award funding grants costs savings cuts losses
profits revenue sales exports imports tariffs sanctions talks agreement treaty
alliance partners allies rivals critics supporters voters donors staff
advisers aides executives engineers scientists researchers experts analysts
""".split()

_SYLLABLES = """ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge
gi go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa
pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo
bran crel dost fern grim holt kass lenn morv nast orth pell quin rast sorn
tarv ulm vesk wend yarl""".split()

_FIRST = """James Maria Robert Linda Michael Sarah David Karen Ahmed Priya Wei
Olga Carlos Fatima Jean Hiroshi Elena Kwame Ingrid Mateo Aisha Tom Nadia Pavel
Grace Omar Julia Sanjay Lucia Dmitri Chloe Tariq Hannah Diego Mei Ivan Zara
Lars Amara Felix""".split()
_LAST = """Musk Trump Harris Vance Putin Nelson Bezos Plumb Grazier Harrison
Bruno Burbach Bremmer Rosenstein Isaacman Krishnan Sacks Andreessen Bannon
Zuckerberg Okafor Lindqvist Moreau Tanaka Novak Haddad Kowalski Mendes Larsen
Chen Ibrahim Petrov Rossi Schmidt Dubois Nakamura Kaur Osei Fischer Romero
Sato Volkov Andersen Hughes Byrne Costa Weber Jansen Nilsson Park""".split()
_ORGS = """SpaceX Starlink Tesla NASA Pentagon ULA Boeing Lockheed Kremlin
Congress Senate Reuters Eutelsat Kuiper Amazon Meta Google Microsoft Oracle
Nvidia Intel Raytheon Northrop""".split()


def _zipf_weights(n: int, s: float) -> list[float]:
    acc = 0.0
    cum: list[float] = []
    for rank in range(1, n + 1):
        acc += 1.0 / rank**s
        cum.append(acc)
    return cum


class _Vocabulary:
    def __init__(self, rng: random.Random, tail: int = 30_000) -> None:
        words = list(dict.fromkeys(_HEAD))
        seen = set(words)
        while len(words) < len(_HEAD) + tail:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        self.cum = _zipf_weights(len(words), 1.05)
        self.names = [f"{f} {last}" for f in _FIRST for last in _LAST]
        rng.shuffle(self.names)
        self.names_cum = _zipf_weights(len(self.names), 0.9)
        self.orgs_cum = _zipf_weights(len(_ORGS), 1.0)

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def name(self, rng: random.Random) -> str:
        if rng.random() < 0.25:
            return rng.choices(_ORGS, cum_weights=self.orgs_cum)[0]
        full = rng.choices(self.names, cum_weights=self.names_cum)[0]
        return full if rng.random() < 0.5 else full.split()[1]


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return str(rng.randint(1990, 2025))
    if kind < 0.6:
        return str(rng.randint(2, 500))
    if kind < 0.8:
        return f"{rng.randint(2, 95)}%"
    return f"${rng.randint(2, 900)} {rng.choice(['million', 'billion'])}"


def _sentence(vocab: _Vocabulary, rng: random.Random) -> list[str]:
    """Words of one claim (a name or an amount may hold a space)."""
    length = rng.randint(15, 40)
    n_names = rng.choice((1, 1, 2))
    has_number = rng.random() < 0.5
    words = vocab.sample(rng, length - n_names - int(has_number))
    for _ in range(n_names):
        words.insert(rng.randrange(len(words) + 1), vocab.name(rng))
    if has_number:
        words.insert(rng.randrange(1, len(words) + 1), _number(rng))
    return words


def _number_at(words: list[str]) -> int | None:
    """Position of the claim's number: the only word with a digit."""
    return next((i for i, w in enumerate(words) if any(c.isdigit() for c in w)), None)


def _render(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _plain_words(words: list[str]) -> list[int]:
    """Positions of ordinary lower-case words (not names, not numbers)."""
    return [i for i, w in enumerate(words) if w.islower() and w.isalpha()]


def _perturb(words: list[str], kind: str, vocab: _Vocabulary, rng: random.Random) -> list[str]:
    out = list(words)
    plain = _plain_words(out)
    if kind == "word-changed":
        i = rng.choice(plain)
        out[i] = vocab.sample(rng, 1)[0]
    elif kind == "reworded":
        for i in rng.sample(plain, min(len(plain), rng.randint(2, 3))):
            out[i] = vocab.sample(rng, 1)[0]
        drop = rng.choice(_plain_words(out))
        del out[drop]
    elif kind == "reordered":
        cut = rng.randint(len(out) // 3, 2 * len(out) // 3)
        out = out[cut:] + out[:cut]
    elif kind == "number-changed":
        number_at = _number_at(out)
        assert number_at is not None
        old = out[number_at]
        new = _number(rng)
        while new == old:
            new = _number(rng)
        out[number_at] = new
    return out


def generate(
    n_claims: int,
    seed: int = 20240601,
    *,
    planted_rate: float = 0.1,
    retracted_rate: float = 0.01,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return ``(sources, claims)``: ``n_claims`` claims in sources of 20-200.

    The same ``n_claims`` and ``seed`` always give the same result.  About
    ``planted_rate`` of the claims are planted near-duplicates of an earlier
    claim from another source (see the module docstring).
    """
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    sources: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    bodies: list[list[str]] = []  # words of every claim so far, for planting
    sizes: list[int] = []
    left = n_claims
    while left > 0:
        size = min(left, rng.randint(20, 200))
        sizes.append(size)
        left -= size
    counter = itertools.count(1)
    for s_no, size in enumerate(sizes, start=1):
        key = f"s{s_no}"
        first_in_source = len(claims)
        texts: list[str] = []
        for _ in range(size):
            number = next(counter)
            planted_of = None
            kind = None
            if first_in_source > 0 and rng.random() < planted_rate:
                orig = rng.randrange(first_in_source)  # an earlier source
                kind = rng.choice(PLANTED_KINDS)
                if kind == "number-changed" and _number_at(bodies[orig]) is None:
                    kind = "word-changed"
                words = _perturb(bodies[orig], kind, vocab, rng)
                planted_of = claims[orig]["id"]
            else:
                words = _sentence(vocab, rng)
            bodies.append(words)
            quote = _render(words)
            texts.append(quote)
            names = [w for w in words if w[:1].isupper()]
            strength = rng.choice(("named", "named", "reported", "anonymous", "unattributed"))
            claim: dict[str, Any] = {
                "id": f"c{number}",
                "source": key,
                "quote": quote,
                "statement": quote,
                "strength": strength,
                "attributed_to": names[0] if strength == "named" and names else None,
                "denied_by": [],
                "declined": [],
                "about": names[1:3],
                "status": "retracted" if rng.random() < retracted_rate else "active",
            }
            if planted_of is not None:
                claim["planted_of"] = planted_of
                claim["planted_kind"] = kind
            claims.append(claim)
        sources.append({"key": key, "title": f"Outlet {s_no} report", "text": "\n".join(texts) + "\n"})
    return sources, claims


def main(argv: list[str] | None = None) -> int:
    """``python bench/synthetic.py N --out FILE.jsonl [--seed S] [--sources-out F]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of claims")
    parser.add_argument("--out", required=True, help="claims as JSON lines")
    parser.add_argument("--sources-out", help="sources (key, title, text) as JSON lines")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--planted-rate", type=float, default=0.1)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    sources, claims = generate(args.n, seed=args.seed, planted_rate=args.planted_rate)
    with open(args.out, "w", encoding="utf-8") as f:
        for claim in claims:
            f.write(json.dumps(claim) + "\n")
    if args.sources_out:
        with open(args.sources_out, "w", encoding="utf-8") as f:
            for source in sources:
                f.write(json.dumps(source) + "\n")
    print(f"{len(claims)} claims in {len(sources)} sources -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

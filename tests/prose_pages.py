"""Article pages whose own prose misquotes a post (archiver.quotes judges the quote
'altered'): pages for the loopback sample server, embedding a sample post X serves."""

from .conftest import SAMPLES

#: The sample photo desk's post, as the sample harbour page embeds it: X's text says the
#: tide "came in fast".
POST = "1898297687405494289"
EMBED = (SAMPLES / "harbour-storm-desks.html").read_text(encoding="utf-8").splitlines()[11]
assert POST in EMBED and "came in fast" in EMBED
PROSE = ("<p>The Sample Photo Desk posted on X that “two views of the harbour this morning: "
         "the tide came in slowly” as the storm passed.</p>")
QUOTE = "two views of the harbour this morning: the tide came in slowly"


def page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body><article><h1>{title}</h1>{body}</article></body>"
            "</html>").encode()


#: Only its prose misquotes the post (its embed is faithful); its prose and its embed both
#: misquote it; neither does.
PAGES = {
    "tide-prose.html": page("Tide report", PROSE + EMBED),
    "tide-both.html": page("Tide, twice", PROSE + EMBED.replace("came in fast", "came in quickly")),
    "tide-faithful.html": page("Tide, as posted", EMBED),
}

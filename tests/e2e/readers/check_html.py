# Checks an HTML report is self-contained: parses it (html.parser), and fails on anything that
# would load from elsewhere (script, link, img/iframe src, url(...) in styles, xlink:href to a
# file). Prints the number of inline SVGs and of table rows. Usage: check_html.py FILE
import re
import sys
from html.parser import HTMLParser


class Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svgs = 0
        self.rows = 0
        self.external = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1
        if tag == "tr":
            self.rows += 1
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.external.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.external.append(f"{tag} {name}={value}")


text = open(sys.argv[1], encoding="utf-8").read()
checker = Checker()
checker.feed(text)
if re.search(r"url\(", text):
    checker.external.append("url(...)")
if checker.external:
    print("external resources:", checker.external)
    sys.exit(1)
print(checker.svgs, checker.rows)

"""A PDF as qpdf --json shows it, for the CLI tests' scripts: objects
through their references, page numbers, and the named destinations of
the catalog's /Names /Dests tree, which the contents' links point at."""


class Qpdf:
    def __init__(self, js):
        self.js = js
        self.objs = js["qpdf"][1]
        self.page_no = {pg["object"]: i + 1 for i, pg in enumerate(js["pages"])}

    def obj(self, v):
        """an object, following an indirect reference"""
        return self.objs["obj:" + v]["value"] if isinstance(v, str) and v.endswith(" R") else v

    def dests(self):
        """{name: page number from 1} for every named destination"""
        found = {}

        def walk(node):
            a = self.obj(node.get("/Names", []))
            for k in range(0, len(a), 2):
                d = self.obj(a[k + 1])
                d = self.obj(d["/D"]) if isinstance(d, dict) else d
                found[pystr(a[k])] = self.page_no[d[0]]
            for kid in self.obj(node.get("/Kids", [])):
                walk(self.obj(kid))
        root = self.obj(self.objs["trailer"]["value"]["/Root"])
        walk(self.obj(self.obj(root["/Names"])["/Dests"]))
        return found


def pystr(v):
    """a qpdf JSON string ("u:..." or "b:...") as the text it holds"""
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v

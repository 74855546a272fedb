"""One test per hazard of RELIABILITY.md that applies to us, named for the hazard."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.io import read_text
from kg.matcher import NameMatcher
from kg.pipeline import extract_page
from kg.recognize.places import _select_longest
from tests.helpers import ROOT, SEEDS, output_bytes


def _mentions(page) -> list[tuple[int, int, str]]:
    return [(a.index, m.start, m.key) for a in page.articles for m in a.mentions]


# -- R1, R6: queries that reach out, queries that run away -----------------------------
@pytest.mark.slow
def test_hazard_r1_queries_touch_no_network_and_no_stray_file(seed_build, tmp_path):
    """Every shipped query and hostile ones run under an audit hook that fails on any
    socket connect, urllib request, or file opened outside the graph, the package and
    the Python installation."""
    graph = seed_build[1] / "graph.ttl"
    script = tmp_path / "audited.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from kg.errors import QueryError
        from kg.query import load_store, run_query
        allowed = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, {str(ROOT)!r},
                   {str(graph.parent)!r})] + ["/dev/", "/proc/self/"]
        def hook(event, args):
            if event in ("socket.connect", "urllib.Request", "socket.getaddrinfo"):
                raise RuntimeError(f"network: {{event}} {{args}}")
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                path = os.path.realpath(os.fsdecode(args[0]))
                if not any(path.startswith(root) for root in allowed):
                    raise RuntimeError(f"stray file: {{path}}")
        queries = {{p.name: p.read_text("utf-8") for p in Path({str(ROOT / "queries")!r}).glob("*.rq")}}
        store = load_store(Path({str(graph)!r}))
        sys.addaudithook(hook)
        for name, text in sorted(queries.items()):
            run_query(store, text)
        hostile = ["SELECT * WHERE {{ SERVICE <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }} }}",
                   "LOAD <file:///etc/hostname>",
                   "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}"]
        for text in hostile:
            try:
                run_query(store, text)
            except QueryError:
                continue
            raise SystemExit(f"not refused: {{text}}")
        print(f"ok {{len(queries)}} queries")
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(f"ok {len(list((ROOT / 'queries').glob('*.rq')))} queries")


# -- R10, R11: jieba's global state and its /tmp cache -----------------------------------
def test_hazard_r11_jieba_writes_no_cache_outside_a_private_folder(tmp_path):
    before = Path("/tmp/jieba.cache").exists()
    code = "from kg.tokenize import FrozenTokenizer; FrozenTokenizer([('卡如乡', 'ns', 3)])"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120,
                   env=dict(os.environ, TMPDIR=str(tmp_path), PYTHONPATH=str(ROOT)))
    assert list(tmp_path.iterdir()) == []  # the private folder is gone again
    assert Path("/tmp/jieba.cache").exists() == before


def test_hazard_r10_tokenizer_is_frozen_after_start_up(resources):
    with pytest.raises(RuntimeError, match="frozen"):
        resources.tokenizer.jieba.add_word("新词语", 100, "n")
    with pytest.raises(RuntimeError, match="frozen"):
        resources.tokenizer.jieba.load_userdict("words.txt")
    assert resources.tokenizer.cut("卡如乡党委") == ["卡如乡", "党委"]  # still cuts


def test_hazard_r10_global_jieba_is_never_touched(resources):
    import jieba

    assert resources.tokenizer.jieba is not jieba.dt
    assert "卡如乡" not in jieba.dt.FREQ  # our words went to the private tokenizer only


@pytest.mark.slow
def test_hazard_r10_workers_give_the_same_result_as_one_process(resources):
    """Forked workers share the frozen tokenizer; their pages equal one process's."""
    from kg.build import extract_pages

    one, _ = extract_pages([SEEDS], resources, jobs=1)
    two, _ = extract_pages([SEEDS], resources, jobs=2)
    assert [_mentions(p) for p in two] == [_mentions(p) for p in one]


# -- R13: the automaton and leftmost-longest selection against a brute-force oracle ------
def _brute_force(text: str, forms: set[str]) -> list[tuple[int, int, str]]:
    longest = max(map(len, forms))
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            if text[i:i + size] in forms:
                out.append((i, i + size, text[i:i + size]))
                i += size
                break
        else:
            i += 1
    return out


def test_hazard_r13_longest_match_equals_oracle_with_astral_names():
    forms = {"莫𡐓村", "莫𡐓", "𡐓村", "輋𣒍村", "那𡌶村", "𡌶", "拉萨市", "拉萨", "萨市",
             "尼木县", "木县", "卡如乡", "如乡", "白朗县", "朗县"}
    matcher = NameMatcher(forms)
    rnd = random.Random(7)
    pieces = sorted(forms) + ["的", "和", "党委", "。", "𠀀", "a"]
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        found = matcher.find(text)
        assert all(text[start:end] == form for start, end, form in found), text
        assert _select_longest(found) == _brute_force(text, forms), text


def test_hazard_r13_real_gazetteer_matches_equal_oracle(resources):
    gaz = resources.gaz
    rnd = random.Random(3)
    names = sorted(gaz.aliases)
    forms = set(names)
    for _ in range(50):
        text = "，".join(rnd.choice(names) + rnd.choice(["", "开展", "党委"]) for _ in range(8))
        assert _select_longest(list(gaz.iter_matches(text))) == _brute_force(text, forms)


# -- §3: encodings and invisible characters -------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_hazard_encodings_give_identical_entities(resources, tmp_path, encoding):
    text = (SEEDS / "002_6297df77ee962a0f.txt").read_text("utf-8")[:4000]
    reference = extract_page(read_text(_write(tmp_path / "ref.txt", text, "utf-8")), resources)
    path = _write(tmp_path / f"p-{encoding}.txt", text, encoding)
    with pytest.warns(UserWarning) if encoding in ("gbk", "gb18030", "utf-16") else _no_warning():
        page = extract_page(read_text(path), resources)
    assert _mentions(page) == _mentions(reference)


def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


class _no_warning:  # noqa: N801 - a tiny context manager used like pytest.warns
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\ufeff", "\x00", "\u00ad"],
                         ids=["zwsp", "zwj", "bom", "nul", "soft-hyphen"])
def test_hazard_invisible_character_inside_a_name_still_links(resources, tmp_path, char):
    text = f"本报拉萨讯（记者 扎西）近日，拉{char}萨市尼木县卡{char}如乡党委开展活动。\n"
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.warns(UserWarning, match="removed 2"):
        page = extract_page(read_text(path), resources)
    codes = {m.kb_id for a in page.articles for m in a.mentions}
    assert {"5401", "540123", "540123202"} <= codes


def test_hazard_nbsp_and_ideographic_space_become_spaces():
    from kg.preprocess.normalize import clean_text

    assert clean_text("拉萨\u00a0市\u3000党委") == ("拉萨 市 党委", 0)


def _visible(text: str) -> str:
    from kg.preprocess.normalize import clean_text

    return clean_text(text)[0].replace("\n", "").replace(" ", "")


def test_hazard_offsets_point_at_the_raw_text_despite_invisible_characters(resources, tmp_path):
    raw = "本报拉萨讯（记者 扎西）近日，拉\u200b萨市尼木县\u00a0卡\x00如乡党委开展活动。\r\n"
    path = tmp_path / "p.txt"
    path.write_bytes(raw.encode("utf-8"))
    with pytest.warns(UserWarning):
        page = extract_page(read_text(path), resources)
    for article in page.articles:
        for mention in article.mentions:
            start, end = article.raw_span(mention.start, mention.end)
            assert _visible(raw[start:end]) == mention.text.replace(" ", ""), mention


def test_hazard_offsets_survive_ocr_line_joins_on_a_seed(resources):
    path = SEEDS / "000_6b5420230e65fc81.txt"
    raw = path.read_text("utf-8")
    page = extract_page(read_text(path), resources)
    checked = 0
    for article in page.articles:
        for mention in article.mentions:
            start, end = article.raw_span(mention.start, mention.end)
            assert _visible(raw[start:end]) == mention.text.replace(" ", "")
            checked += 1
    assert checked > 100
    joined = "公共服务能力建设"  # broken across a blank line in the file
    article = next(a for a in page.articles if joined in a.text)
    pos = article.text.index(joined)
    start, end = article.raw_span(pos, pos + len(joined))
    assert "\n" in raw[start:end] and _visible(raw[start:end]) == joined


def test_cli_version_names_the_installed_release():
    done = subprocess.run([sys.executable, "-m", "kg", "--version"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    from importlib.metadata import version

    assert done.returncode == 0 and done.stdout.strip() == f"kg {version('dangjian-kg')}"


def test_cli_query_into_a_closed_pipe_stops_quietly(seed_build):
    """``kg query … | head -1``: the reader leaves after one line; no traceback, the shell's
    status for a broken pipe (141), and a query whose output fits is unaffected (the twin)."""
    _, out = seed_build
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5000"
    cmd = [sys.executable, "-m", "kg", "query", str(out / "graph.ttl"), query]
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout.readline()  # the header line came
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    whole = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0 and len(whole.stdout.splitlines()) > 1000


def test_cli_jobs_zero_is_one_worker_per_core_and_negative_is_refused(capsys):
    import os

    from kg.cli import _parser

    assert _parser().parse_args(["build", "--jobs", "0"]).jobs == (os.cpu_count() or 1)
    assert _parser().parse_args(["build", "--jobs", "3"]).jobs == 3
    with pytest.raises(SystemExit) as stop:
        _parser().parse_args(["build", "--jobs", "-3"])
    assert stop.value.code == 2 and "0 (one per core) or more" in capsys.readouterr().err


@pytest.mark.parametrize("argv, code", [
    (["validate", "{tmp}/missing.ttl"], "E031"),
    (["validate", "{tmp}/graph.html"], "E037"),
    (["validate", "{tmp}/bad.ttl"], "E037"),
    (["viz", "{tmp}/graph.ttl"], "E038"),
    (["build", "--out", "{tmp}/a_file"], "E008"),
    (["build", "--province", "西藏", "--out", "{tmp}/out"], "E012"),
    (["build", "--province", "99", "--out", "{tmp}/out"], "E012"),
], ids=["validate-missing", "validate-html", "validate-garbage", "viz-turtle", "out-is-a-file",
        "province-name", "province-unknown"])
def test_cli_users_mistakes_get_one_line_and_status_1(tmp_path, capsys, argv, code):
    from kg.cli import main

    (tmp_path / "graph.html").write_text("<html><body>graph</body></html>", encoding="utf-8")
    (tmp_path / "bad.ttl").write_text("garbage", encoding="utf-8")
    (tmp_path / "graph.ttl").write_text("@prefix dj: <https://w3id.org/x#> .\n", encoding="utf-8")
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    assert main([a.format(tmp=tmp_path) for a in argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: [{code}]") and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()  # nothing built, nothing half-written


def test_cli_province_code_of_the_gazetteer_is_accepted(tmp_path, capsys):
    """The twin: a real two-digit code builds."""
    from kg.cli import main

    page = tmp_path / "p.txt"
    page.write_text("安吉县天荒坪镇余村党支部组织党员开展清洁行动。\n", encoding="utf-8")
    assert main(["build", str(page), "--province", "33", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "graph.ttl").is_file()


@pytest.mark.parametrize("text, size", [("1048576", 1048576), ("20MB", 20_000_000), ("20MiB", 20 * 1024**2),
                                        ("500 KB", 500_000), ("1.5K", 1536)])
def test_cli_max_bytes_reads_sizes_with_units(text, size):
    from kg.cli import _parser

    assert _parser().parse_args(["build", "--max-bytes", text]).max_bytes == size


def test_cli_max_bytes_refuses_what_is_no_size(capsys):
    from kg.cli import _parser

    with pytest.raises(SystemExit):
        _parser().parse_args(["build", "--max-bytes", "twenty"])
    assert "not a size" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["-v", "build"], ["build", "-v"], ["build", "--verbose"]])
def test_cli_verbose_before_or_after_the_subcommand(argv):
    from kg.cli import _parser

    args = _parser().parse_args(argv)
    assert args.verbose and not args.quiet
    assert not _parser().parse_args(["build"]).verbose  # the twin: off unless asked


def test_cli_quiet_prints_no_warnings_but_still_the_errors(tmp_path, capsys):
    from kg.cli import main

    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    good = tmp_path / "p.txt"
    good.write_text("安吉县天荒坪镇余村党支部组织党员开展清洁行动。\n", encoding="utf-8")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert "empty.txt" in capsys.readouterr().err  # a skipped file is named by default
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out2"), "-q"]) == 0
    assert "empty.txt" not in capsys.readouterr().err
    assert main(["-q", "validate", str(tmp_path / "missing.ttl")]) == 1
    assert capsys.readouterr().err.startswith("error: [E031]")


@pytest.mark.parametrize("char", ["\uffff", "\ufffe", "\ufdd0", "\u202e", "\u2066"])
def test_noncharacters_and_bidi_controls_are_removed_so_graphml_stays_readable(resources, tmp_path, char):
    """U+FFFF/U+FFFE are not allowed in XML and bidi overrides reorder what a reader sees:
    both are dropped (with the W001 warning naming the file); without them the same page
    gives the same entities (the twin)."""
    from kg.build import build
    from kg.export.network import read_graphml

    body = "东坝镇：党员冬训开班\n\n白河县东坝镇党委组织全镇党员开展冬训。\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text(body.replace("党委", f"党{char}委"), "utf-8")
    (tmp_path / "twin").mkdir()
    (tmp_path / "twin" / "p.txt").write_text(body, "utf-8")
    with pytest.warns(UserWarning, match="W001"):
        result = build([tmp_path / "in"], tmp_path / "out", resources)
    twin = build([tmp_path / "twin"], tmp_path / "out2", resources)
    assert set(result.graph.entities) == set(twin.graph.entities)
    graph = read_graphml(tmp_path / "out" / "graph.graphml")
    assert any(d.get("label") == "东坝镇党委" for _n, d in graph.nodes(data=True))


def test_a_sentence_repeated_in_an_article_keeps_the_graph_within_its_shapes(resources, tmp_path):
    """A sentence repeated in an article: every evidence node has one pair of offsets, and
    the article's relations (located_in from the gazetteer included) are evidenced once, by
    the first copy."""
    import rdflib

    from kg.build import build
    from kg.validate import validate_graph

    sentence = "白河县东坝镇党委推行“党员冬训”，组织全镇党员学习。"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.txt").write_text(f"东坝镇：冬训开班\n\n{sentence}\n\n{sentence}\n", "utf-8")
    build([tmp_path / "in"], tmp_path / "out", resources)
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    ok, report = validate_graph(g)
    assert ok, report
    dj = rdflib.Namespace("https://w3id.org/dangjian-kg/ontology#")
    starts = {}
    for node, offset in g.subject_objects(dj.startOffset):
        starts.setdefault(node, []).append(int(offset))
    assert starts and all(len(v) == 1 for v in starts.values())
    first = len("东坝镇：冬训开班\n\n")
    assert {v[0] for v in starts.values()} == {first}  # once per article, by the first copy


def test_a_second_build_into_the_same_folder_is_refused_and_stale_temporaries_go(resources, tmp_path):
    """While one build holds out/.kg-build.lock, another fails with E089 and replaces
    nothing; the lock free, a build removes the temporary files a killed build left."""
    import fcntl

    from kg.build import LOCK_FILE, build
    from kg.errors import InputError

    (tmp_path / "in").mkdir()
    page = "东坝镇：冬训开班\n\n白河县东坝镇党委组织党员开展冬训。\n"
    (tmp_path / "in" / "p.txt").write_text(page, "utf-8")
    out = tmp_path / "out"
    build([tmp_path / "in"], out, resources)
    before = output_bytes(out)
    with (out / LOCK_FILE).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(InputError, match="E089"):
            build([tmp_path / "in"], out, resources)
    assert output_bytes(out) == before
    stale = out / ".graph.ttl.abc123.tmp"
    stale.write_bytes(b"half a graph")
    build([tmp_path / "in"], out, resources)
    assert not stale.exists() and (out / "graph.ttl").read_bytes() == before["graph.ttl"]


def test_an_output_set_aside_by_a_killed_switch_goes_back_in_place(tmp_path):
    """A build killed outright between moving graph.ttl aside and renaming the new one in
    leaves the old file in .graph.ttl.*.old/; the next build under the lock puts it back,
    and drops what a finished switch left, and the runs of an unfinished RDF sort."""
    from kg.build import output_lock

    out = tmp_path / "out"
    (out / ".graph.ttl.k1ll3d.old").mkdir(parents=True)
    (out / ".graph.ttl.k1ll3d.old" / "graph.ttl").write_text("the previous graph")
    (out / "graph.nt").write_text("the new triples")
    (out / ".graph.nt.d0ne.old").mkdir()
    (out / ".graph.nt.d0ne.old" / "graph.nt").write_text("the old triples")
    (out / ".kg-rdf-sort.k1ll3d").mkdir()  # the sort runs of a killed build's graph.nt
    (out / ".kg-rdf-sort.k1ll3d" / "run-00000.nt").write_text("<a> <b> <c> .\n")
    with output_lock(out):
        pass
    assert (out / "graph.ttl").read_text() == "the previous graph"
    assert (out / "graph.nt").read_text() == "the new triples"
    assert sorted(p.name for p in out.iterdir()) == [".kg-build.lock", "graph.nt", "graph.ttl"]


def test_a_folder_in_place_of_an_output_file_fails_and_keeps_the_outputs(tmp_path, capsys):
    """``graph.html`` made a folder: the build says so in one line, exits non-zero and
    replaces none of the previous outputs; the twin, the folder gone, builds."""
    from kg.cli import main

    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "p.txt"
    page.write_text("东坝镇：冬训开班\n\n白河县东坝镇党委组织党员开展冬训。\n", "utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "in"), "--out", str(out), "-q"]) == 0
    (out / "graph.html").unlink()
    (out / "graph.html").mkdir()
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    page.write_text("西坝镇：冬训开班\n\n白河县西坝镇党委组织党员开展冬训。\n", "utf-8")
    capsys.readouterr()
    assert main(["build", str(tmp_path / "in"), "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: [E090]") and "graph.html is a folder" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    (out / "graph.html").rmdir()
    assert main(["build", str(tmp_path / "in"), "--out", str(out), "-q"]) == 0
    assert "西坝镇" in (out / "graph.ttl").read_text("utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(tmp_path):
    """A worker that called kg.sandbox.die_with_parent (as query and --jobs workers do)
    ends when its parent is killed -9."""
    import signal
    import time

    script = textwrap.dedent("""
        import multiprocessing, sys, time
        from kg.sandbox import die_with_parent
        def work():
            die_with_parent()
            time.sleep(60)
        ctx = multiprocessing.get_context("fork")
        p = ctx.Process(target=work)
        p.start()
        print(p.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    child = int(parent.stdout.readline())
    time.sleep(0.5)  # the child has set its death signal
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    def alive(pid: int) -> bool:  # a zombie waiting for its new parent to reap it is dead
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state not in ("Z", "X")

    for _ in range(50):
        if not alive(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the worker outlived its parent")


def test_file_names_with_control_characters_are_printed_escaped(tmp_path, capsys):
    """A file name holding a newline or an ANSI escape cannot forge lines or clear the
    terminal: the warning shows the escapes (its twin, a plain name, is printed as is)."""
    from kg.cli import main

    (tmp_path / "in").mkdir()
    ok = "东坝镇：冬训开班\n\n白河县东坝镇党委组织党员开展冬训。\n"
    (tmp_path / "in" / "ok.txt").write_text(ok, "utf-8")
    (tmp_path / "in" / "bad\n\x1b[2Jname.txt").write_bytes(b"")
    (tmp_path / "in" / "plain.txt").write_bytes(b"")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "bad\\n\\x1b[2Jname.txt" in err and "\x1b" not in err
    assert "plain.txt" in err
    assert all(line.startswith(("warning:", "error:")) for line in err.splitlines())


def test_csv_cells_that_spreadsheets_would_run_are_marked_text(resources, tmp_path):
    """A page text opening with = or + lands in a CSV cell with a leading apostrophe."""
    import csv

    from kg.build import build

    (tmp_path / "in").mkdir()
    text = "东坝镇：冬训开班\n\n=HYPERLINK(\"http://example.com\")白河县东坝镇党委推行“党员冬训”。\n"
    (tmp_path / "in" / "p.txt").write_text(text, "utf-8")
    build([tmp_path / "in"], tmp_path / "out", resources)
    with (tmp_path / "out" / "relations.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sentences = [r["sentence"] for r in rows]
    assert sentences and all(not s.startswith("=") for s in sentences)
    assert any(s.startswith("'=HYPERLINK") for s in sentences)


def _in_small_tmpfs(script: str, folder: Path) -> subprocess.CompletedProcess | None:
    """Run ``script`` (sh) with a 3 MB tmpfs mounted on ``folder``: in a private mount
    namespace (``unshare``, as any user where user namespaces are on), or directly as root.
    None where the machine allows neither."""
    import shutil

    mount = f"mount -t tmpfs -o size=3m tmpfs {folder} && "
    tries = []
    if shutil.which("unshare"):
        tries.append(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", mount + script])
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        tries.append(["sh", "-c", mount + script + f"; rc=$?; umount {folder}; exit $rc"])
    for cmd in tries:
        probe = subprocess.run(cmd[:-1] + [mount + "true" + (f"; umount {folder}" if cmd[0] == "sh" else "")],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return None


@pytest.mark.slow
def test_a_full_disk_fails_the_build_in_one_line_and_keeps_the_outputs(tmp_path):
    """A real full disk (a 3 MB tmpfs): the small first build fits, the seeds do not; the
    second build exits 1 with E092 and the first build's files are all still there."""
    folder = tmp_path / "disk"
    folder.mkdir()
    (tmp_path / "tiny").mkdir()
    page = "东坝镇：冬训开班\n\n白河县东坝镇党委组织党员开展冬训。\n"
    (tmp_path / "tiny" / "p.txt").write_text(page, "utf-8")
    out = folder / "out"
    kg = f"{sys.executable} -m kg build"
    script = (f"{kg} {tmp_path / 'tiny'} --out {out} -q > /dev/null && md5sum {out}/* > {tmp_path}/before; "
              f"{kg} seeds --out {out} -q; echo \"rc=$?\"; md5sum {out}/* > {tmp_path}/after; ls -a {out}")
    done = _in_small_tmpfs(script, folder)
    if done is None:
        pytest.skip("no tmpfs can be mounted here (neither a user namespace nor root)")
    assert "rc=1" in done.stdout, done.stdout + done.stderr
    assert "E092" in done.stderr and "No space left" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert ".tmp" not in done.stdout and ".old" not in done.stdout  # no temporary left behind

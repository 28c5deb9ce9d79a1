"""Tasks for authors, reviewers and CI: `invoke --list` shows them all."""

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "deploy_path": "output",
    "host": "127.0.0.1",
    "port": 8000,
}


# Each task imports what it needs when it runs: `invoke check` must not pay
# for Pelican, which only the tasks that build import.
def _build(settings, cache=False, output=CONFIG["deploy_path"]):
    from sitebuild.build import build as build_site
    from sitebuild.build import report

    code = report(build_site(settings, output, cache=cache))
    if code:
        sys.exit(code)


@task
def clean(c):
    """Remove the generated site and the content cache."""
    for path in (CONFIG["deploy_path"], ".cache"):
        shutil.rmtree(ROOT / path, ignore_errors=True)


@task
def build(c):
    """Build the site into output/ (strict: any warning fails; atomic)."""
    _build(CONFIG["settings_base"])


@task(clean, build)
def rebuild(c):
    """Build from scratch, after removing output/ and the cache."""


@task
def preview(c):
    """Build the site with the production settings (publishconf.py)."""
    _build(CONFIG["settings_publish"])


@task(help={"port": "port to listen on (default 8000)"})
def serve(c, port=CONFIG["port"]):
    """Serve output/ on localhost."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    server = RootedHTTPServer(
        CONFIG["deploy_path"], (CONFIG["host"], int(port)), ComplexHTTPRequestHandler
    )
    print(f"Serving the site at http://{CONFIG['host']}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(
    help={
        "port": "port to listen on (default 8000)",
        "settings": "the settings file (default pelicanconf.py)",
        "output": "the folder to build into and serve (default output/)",
    }
)
def livereload(
    c, port=CONFIG["port"], settings=CONFIG["settings_base"], output=CONFIG["deploy_path"]
):
    """Serve the site, rebuild when content, theme or plugins change, reload the browser."""
    from sitebuild.preview_watch import main as preview_main

    argv = ["--settings", settings, "--output", output]
    preview_main([*argv, "--host", CONFIG["host"], "--port", str(port)])


@task(help={"args": "extra arguments for pytest, e.g. -k citations"})
def test(c, args=""):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest {args}", pty=os.isatty(1))


@task(help={"args": "extra arguments for pytest, e.g. -k citations"})
def fuzz(c, args=""):
    """Run the property-based tests with the longer "fuzz" profile: new inputs every run."""
    c.run(
        f"{sys.executable} -m pytest tests/property --hypothesis-profile=fuzz "
        f"--hypothesis-show-statistics {args}",
        pty=os.isatty(1),
    )


@task(
    help={
        "strict": "fail on warnings too",
        "external": "also check outbound links over the network (cached in .cache/)",
        "output": "the built site to check (default output/)",
        "report": "also print each chapter's reading figures and its hardest sentences",
    }
)
def check(c, strict=False, external=False, output=CONFIG["deploy_path"], report=False):
    """Check the built site from what the build recorded: links, blocks, privacy, warnings."""
    from sitebuild.check import main as check_site

    args = [output, *(["--strict"] if strict else []), *(["--external"] if external else [])]
    args += ["--report"] * bool(report)
    code = check_site(args)
    if code:
        sys.exit(code)


@task(
    help={
        "title": "the chapter's title, as readers see it",
        "author": "its author's id in the editorial registry (default: the registry's one author)",
        "slug": "its slug (default: made from the title)",
        "settings": "the settings file (default pelicanconf.py)",
        "output": "the folder to build into (default output/)",
    }
)
def new_chapter(
    c, title, author=None, slug=None, settings=CONFIG["settings_base"], output=CONFIG["deploy_path"]
):
    """Start a chapter: NN-slug.md with its front matter, a draft; then build the site."""
    from sitebuild.new_chapter import main as new

    argv = ["--title", title, "--settings", settings]
    argv += ["--author", author] * bool(author) + ["--slug", slug] * bool(slug)
    code = new(argv)
    if code:
        sys.exit(code)
    _build(settings, output=output)


@task(help={"identifier": "a DOI (10.xxxx/...) or a PubMed ID"})
def add_source(c, identifier):
    """Look a work up in Crossref and PubMed and add its BibTeX entry to content/references.bib."""
    from plugins.citations.add_source import main as add

    code = add([identifier, "--bib", str(ROOT / "content" / "references.bib")])
    if code:
        sys.exit(code)


@task
def verify_references(c):
    """Compare each DOI and PMID in content/references.bib with Crossref and PubMed (online)."""
    from plugins.citations import verify_references as verify

    result = verify(str(ROOT / "content" / "references.bib"))
    for finding in result.findings:
        print(finding)
    if result.offline:
        print(result.offline)
    print(f"{result.checked} records checked, {len(result.findings)} disagreements.")
    if not result.ok:
        sys.exit(1)


@task(
    help={
        "to": "gh-pages, rsync://host/path, user@host:path or dir:PATH",
        "dry_run": "build and check, then show what would change; deploy nothing",
        "push": "gh-pages: push the branch to origin",
        "cname": "gh-pages: the custom domain, written to a CNAME file",
        "keep": "dir: earlier releases to keep (default 3)",
        "allow_drafts": "publish chapters not yet reviewed by a clinician, with their notice",
    }
)
def publish(c, to, dry_run=False, push=False, cname=None, keep=None, allow_drafts=False):
    """Build with publishconf.py, check, and only then deploy to TARGET."""
    from sitebuild.publish import main as publish_main

    argv = ["--to", to, "--settings", CONFIG["settings_publish"]]
    argv += ["--output", CONFIG["deploy_path"]]
    argv += ["--dry-run"] * bool(dry_run) + ["--push"] * bool(push)
    argv += ["--allow-drafts"] * bool(allow_drafts)
    if cname:
        argv += ["--cname", cname]
    if keep is not None:
        argv += ["--keep", str(keep)]
    code = publish_main(argv)
    if code:
        sys.exit(code)


@task(
    help={
        "articles": "size of the synthetic corpus (default 1000)",
        "runs": "runs of each measurement, taking turns (default 3)",
        "sizes": "article counts for the linear-growth rows (default 250,500,1000,2000)",
        "workdir": "generate the corpora in this new folder and keep them",
        "profile": "profile one build of the cloned corpus instead; write docs/profile.md",
    }
)
def bench(c, articles=1000, runs=3, sizes="250,500,1000,2000", workdir=None, profile=False):
    """Measure the speed budgets on the cloned and synthetic corpora; write docs/benchmarks.md."""
    from sitebuild.bench import main as bench_main

    argv = ["--articles", str(articles), "--runs", str(runs), "--sizes", sizes]
    argv += ["--workdir", workdir] * bool(workdir) + ["--profile"] * bool(profile)
    code = bench_main(argv)
    if code:
        sys.exit(code)


MUTATE_PATHS = "plugins,sitebuild"


def _mutant_pattern(path):
    """'plugins/citations' -> 'plugins.citations.*', the names mutmut gives that code's mutants."""
    module = Path(path).with_suffix("") if path.endswith(".py") else Path(path)
    return ".".join(module.parts) + ".*"


def _mutation_scores(results, depth):
    """{module: Counter of statuses} from `mutmut results --all true`, grouped by name depth."""
    from collections import Counter, defaultdict

    scores = defaultdict(Counter)
    for line in results.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" in name and status != "not checked":
            module = name.split("__mutmut_")[0].rsplit(".", 1)[0]
            scores[".".join(module.split(".")[:depth])][status] += 1
    return scores


@task(
    help={
        "paths": "comma-separated folders or files to mutate, all run again (default "
        "plugins,sitebuild, keeping the results of unchanged code)",
        "children": "mutants run at once (default 1)",
        "fresh": "forget earlier results (remove mutants/) and start again",
        "depth": "group the scores by this many parts of the module name (default 2: a plugin)",
    }
)
def mutate(c, paths=MUTATE_PATHS, children=1, fresh=False, depth=2):
    """Mutation testing: run the unit tests against mutants of plugins/ and sitebuild/ (long)."""
    if fresh:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    # Named mutants are all run again; with none named, mutmut keeps the result
    # of every mutant whose function has not changed since it was run.
    patterns = (
        ""
        if paths == MUTATE_PATHS
        else " ".join(f"'{_mutant_pattern(path)}'" for path in paths.split(","))
    )
    mutmut = f"{sys.executable} -m mutmut"
    c.run(f"{mutmut} run --max-children {int(children)} {patterns}", pty=os.isatty(1))
    results = c.run(f"{mutmut} results --all true", hide=True).stdout
    # The score counts as killed only what a test failed on: a timeout, a
    # mutant no unit test runs and a suspicious one all count against it.
    print(
        f"{'module':32} {'killed':>7} {'survived':>9} {'timeout':>8} {'no tests':>9} "
        f"{'other':>6} {'total':>6} {'score':>6}"
    )
    for module, counts in sorted(_mutation_scores(results, int(depth)).items()):
        total = sum(counts.values())
        known = counts["killed"] + counts["survived"] + counts["timeout"] + counts["no tests"]
        print(
            f"{module:32} {counts['killed']:7} {counts['survived']:9} {counts['timeout']:8} "
            f"{counts['no tests']:9} {total - known:6} {total:6} {counts['killed'] / total:6.1%}"
        )

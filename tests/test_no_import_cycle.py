"""No import cycle among the project's modules, imports inside function bodies included.

The layers themselves are import-linter contracts (pyproject.toml, run by ``lint-imports`` in
``make test``); this test finds any cycle, even one between modules of the same layer.
"""

import grimp

PACKAGES = ("dnqp", "partnerships", "events")


def cycles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each one cycle or more."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(module):
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_among_project_modules():
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    # A package's __init__ importing its own submodules is no cycle of meaning (dnqp.admin registers them).
    for package in graph.modules:
        for child in graph.find_children(package):
            if graph.direct_import_exists(importer=package, imported=child):
                graph.remove_import(importer=package, imported=child)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y", line_number=1, line_contents="from a import y")
    graph.add_import(importer="a.y", imported="a.x", line_number=9, line_contents="    from a import x")
    assert cycles(graph) == [["a.x", "a.y"]]

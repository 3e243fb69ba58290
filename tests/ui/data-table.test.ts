import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { DataTable } from "@/components/ui/data-table";
import { type TableColumn, type TableRow, tableModel } from "@/components/ui/table-model";

const columns: TableColumn[] = [
  { id: "name", header: "Name", sortable: true },
  { id: "sessions", header: "Sessions", sortable: true, align: "right" },
  { id: "note", header: "Note" },
];

const rows: TableRow[] = [
  {
    id: "b",
    cells: { name: "Bea", sessions: "12", note: h("em", null, "x") },
    sort: { sessions: 12, name: "Bea" },
  },
  { id: "a", cells: { name: "ada", sessions: "3", note: "y" }, sort: { sessions: 3, name: "ada" } },
  { id: "c", cells: { name: "Cy", sessions: h("span", null, "—"), note: "z" } },
];

test("rows keep their given order until a sort is chosen", () => {
  expect(tableModel(columns, rows).ids).toEqual(["b", "a", "c"]);
});

test("a text column sorts case-insensitively (by its sort value, or its cell for a row without any), both ways", () => {
  expect(tableModel(columns, rows, { sort: { id: "name", desc: false } }).ids).toEqual(["a", "b", "c"]);
  expect(tableModel(columns, rows, { sort: { id: "name", desc: true } }).ids).toEqual(["c", "b", "a"]);
});

test("a column sorts by its sort values as numbers, with rows lacking one last either way", () => {
  expect(tableModel(columns, rows, { sort: { id: "sessions", desc: false } }).ids).toEqual(["a", "b", "c"]);
  expect(tableModel(columns, rows, { sort: { id: "sessions", desc: true } }).ids).toEqual(["b", "a", "c"]);
});

test("pages slice the sorted rows and know their neighbours", () => {
  const many: TableRow[] = Array.from({ length: 7 }, (_, i) => ({
    id: `r${i}`,
    cells: { name: `n${i}` },
    sort: { sessions: i },
  }));
  const first = tableModel(columns, many, { sort: { id: "sessions", desc: true }, pageSize: 3 });
  expect(first).toEqual({ ids: ["r6", "r5", "r4"], pageCount: 3, canNext: true, canPrevious: false });
  const last = tableModel(columns, many, { sort: { id: "sessions", desc: true }, pageSize: 3, pageIndex: 2 });
  expect(last).toEqual({ ids: ["r0"], pageCount: 3, canNext: false, canPrevious: true });
  expect(tableModel(columns, many).pageCount).toBe(1);
});

test("the rendered table sorts from keyboard-reachable header buttons and marks the sorted column", () => {
  const html = renderToStaticMarkup(
    h(DataTable, {
      label: "People",
      columns,
      rows,
      empty: "none",
      sort: { id: "sessions", desc: true },
      testId: "t",
    }),
  );
  expect(html).toContain('aria-label="People"');
  expect(html).toContain('data-testid="t"');
  // Two sortable headers are buttons; the unsortable one is plain text.
  expect(html.match(/<th[^>]*><button type="button"/g)).toHaveLength(2);
  expect(html).toMatch(/<th[^>]*aria-sort="descending"[^>]*><button[^>]*>Sessions/);
  expect(html).not.toMatch(/aria-sort="[a-z]+"[^>]*><button[^>]*>Name/);
  // Rows in sorted order, cells as given (elements too).
  const order = [...html.matchAll(/<td class="px-3 py-2 {2}">(Bea|ada|Cy)<\/td>/g)].map((m) => m[1]);
  expect(order).toEqual(["Bea", "ada", "Cy"]);
  expect(html).toContain("<em>x</em>");
  expect(html).not.toContain("Page 1 of");
});

test("no rows shows the empty state; loading with no rows shows a skeleton, not the empty state", () => {
  const empty = renderToStaticMarkup(
    h(DataTable, { label: "People", columns, rows: [], empty: "No people yet." }),
  );
  expect(empty).toContain("No people yet.");
  expect(empty).not.toContain("<table");
  const loading = renderToStaticMarkup(
    h(DataTable, { label: "People", columns, rows: [], empty: "No people yet.", loading: true }),
  );
  expect(loading).toContain('role="status"');
  expect(loading).toContain('aria-label="Loading People"');
  expect(loading).not.toContain("No people yet.");
});

test("more rows than a page shows page navigation; a loader shows Load more while it has more", () => {
  const many: TableRow[] = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, cells: { name: `n${i}` } }));
  const paged = renderToStaticMarkup(
    h(DataTable, { label: "P", columns, rows: many, empty: "", pageSize: 2 }),
  );
  expect(paged).toContain("Page 1 of 3");
  expect(paged.match(/<tbody>.*<\/tbody>/)?.[0].match(/<tr/g)).toHaveLength(2);
  const more = (hasMore: boolean) =>
    renderToStaticMarkup(
      h(DataTable, {
        label: "P",
        columns,
        rows: many,
        empty: "",
        loadMore: { hasMore, loading: false, onLoadMore: () => {} },
      }),
    );
  expect(more(true)).toContain("Load more");
  expect(more(false)).not.toContain("Load more");
});

test("a row that gives sort values is not sorted by the text of a cell it left out", () => {
  const mixed: TableRow[] = [
    { id: "fast", cells: { sessions: "120 ms" }, sort: { sessions: 120 } },
    { id: "none", cells: { sessions: "—" }, sort: {} },
    { id: "slow", cells: { sessions: "900 ms" }, sort: { sessions: 900 } },
  ];
  expect(tableModel(columns, mixed, { sort: { id: "sessions", desc: true } }).ids).toEqual([
    "slow",
    "fast",
    "none",
  ]);
  expect(tableModel(columns, mixed, { sort: { id: "sessions", desc: false } }).ids).toEqual([
    "fast",
    "slow",
    "none",
  ]);
});

"use client";

import { useTable } from "@tanstack/react-table";
import { type ReactNode, useMemo } from "react";
import { Button } from "./button";
import { EmptyState } from "./empty-state";
import { columnDefs, type TableColumn, type TableRow, type TableSort, tableOptions } from "./table-model";

export type { TableColumn, TableRow, TableSort } from "./table-model";

/**
 * A table of rows: sortable headers (buttons, so the keyboard sorts too, with aria-sort), an empty
 * state, a loading skeleton, and either pages of `pageSize` rows or a "Load more" button for data
 * fetched in pages. Rows arrive rendered (see table-model.ts), so a server component can use it.
 */
export function DataTable({
  label,
  columns,
  rows,
  empty,
  sort,
  pageSize,
  loading = false,
  loadMore,
  testId,
  emptyTestId,
  minWidth,
  caption,
}: {
  /** The table's accessible name. */
  label: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  sort?: TableSort;
  pageSize?: number;
  loading?: boolean;
  loadMore?: { hasMore: boolean; loading: boolean; onLoadMore: () => void };
  testId?: string;
  emptyTestId?: string;
  /** For wide tables that scroll sideways on a phone, e.g. "640px". */
  minWidth?: string;
  caption?: ReactNode;
}) {
  const defs = useMemo(() => columnDefs(columns), [columns]);
  const table = useTable(tableOptions(defs, rows, { sort, pageSize }));

  if (loading && rows.length === 0) return <TableSkeleton columns={columns.length} label={label} />;
  if (rows.length === 0) return <EmptyState testId={emptyTestId}>{empty}</EmptyState>;

  const byId = new Map(columns.map((c) => [c.id, c]));
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
        <table
          className="w-full text-left text-sm"
          style={minWidth ? { minWidth } : undefined}
          aria-label={label}
          data-testid={testId}
        >
          {caption && <caption className="sr-only">{caption}</caption>}
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = byId.get(header.column.id);
                  const sorted = header.column.getIsSorted();
                  const right = column?.align === "right";
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={`px-3 py-2 font-medium ${right ? "text-right" : ""}`}
                      aria-sort={
                        sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-100 ${right ? "flex-row-reverse" : ""}`}
                        >
                          {column?.header}
                          <span aria-hidden="true" className="w-3 text-center">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        column?.header
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-testid={row.original.testId}
                className={`border-t border-zinc-100 align-top dark:border-zinc-800 ${row.original.className ?? ""}`}
              >
                {row.getAllCells().map((cell) => {
                  const column = byId.get(cell.column.id);
                  return (
                    <td
                      key={cell.id}
                      className={`px-3 py-2 ${column?.align === "right" ? "text-right tabular-nums" : ""} ${column?.className ?? ""}`}
                    >
                      {row.original.cells[cell.column.id]}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.getPageCount() > 1 && (
        <nav className="flex items-center gap-3 text-sm" aria-label={`${label} pages`}>
          <Button
            variant="secondary"
            disabled={!table.getCanPreviousPage()}
            onClick={() => table.previousPage()}
          >
            Previous
          </Button>
          <span className="text-zinc-500">
            Page {table.state.pagination.pageIndex + 1} of {table.getPageCount()}
          </span>
          <Button variant="secondary" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
            Next
          </Button>
        </nav>
      )}
      {loadMore?.hasMore && (
        <Button variant="secondary" disabled={loadMore.loading} onClick={loadMore.onLoadMore}>
          {loadMore.loading ? "Loading…" : "Load more"}
        </Button>
      )}
    </div>
  );
}

function TableSkeleton({ columns, label }: { columns: number; label: string }) {
  return (
    <div
      role="status"
      aria-label={`Loading ${label}`}
      className="space-y-2 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
    >
      {["a", "b", "c"].map((r) => (
        <div key={r} className="flex gap-3">
          {columnKeys(columns).map((c) => (
            <div key={c} className="h-4 flex-1 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
          ))}
        </div>
      ))}
    </div>
  );
}

/** Placeholder cells have no data of their own: their position is their identity. */
function columnKeys(n: number): string[] {
  return Array.from({ length: n }, (_, c) => `col-${c}`);
}

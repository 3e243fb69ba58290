import {
  type ColumnDef,
  constructTable,
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
} from "@tanstack/react-table";
import { storeReactivityBindings } from "@tanstack/table-core/store-reactivity-bindings";
import type { ReactNode } from "react";

/**
 * The data a DataTable shows, in a shape a server component can pass to it: the cells are already
 * rendered, and each sortable column carries a plain value to sort by (a date's epoch, a count).
 */
export type TableColumn = {
  id: string;
  header: ReactNode;
  /** Clicking (or Enter/Space on) the header sorts by this column's `sort` values. */
  sortable?: boolean;
  /** Numbers read right-aligned. */
  align?: "left" | "right";
  /** Classes for this column's cells (truncate, width, tone). */
  className?: string;
};

export type SortValue = string | number;

export type TableRow = {
  id: string;
  cells: Record<string, ReactNode>;
  /**
   * Per column, what sorting compares; a column missing here has no value (sorts last). Without
   * `sort` at all, a column sorts by its cell when that is text or a number.
   */
  sort?: Record<string, SortValue>;
  testId?: string;
  className?: string;
};

export type TableSort = { id: string; desc: boolean };

export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, text: sortFn_text },
});

type Features = typeof tableFeatureSet;
export type TableColumnDef = ColumnDef<Features, TableRow>;

/** What a column sorts by: the row's sort value, or, for a row without any, its cell when that is plain text or a number. */
export function sortValue(row: TableRow, id: string): SortValue | undefined {
  if (row.sort) return row.sort[id];
  const cell = row.cells[id];
  return typeof cell === "string" || typeof cell === "number" ? cell : undefined;
}

export function columnDefs(columns: TableColumn[]): TableColumnDef[] {
  return columns.map((c) => ({
    id: c.id,
    accessorFn: (row: TableRow) => sortValue(row, c.id),
    cell: ({ row }) => row.original.cells[c.id],
    enableSorting: Boolean(c.sortable),
    sortUndefined: "last",
  }));
}

/** No page size means one page holding every row. */
export const ALL_ROWS = Number.MAX_SAFE_INTEGER;

/** The options useTable and the pure model share, so the tested model is the one rendered. */
export function tableOptions(
  columns: TableColumnDef[],
  rows: TableRow[],
  initial: { sort?: TableSort; pageSize?: number },
) {
  return {
    features: tableFeatureSet,
    columns,
    data: rows,
    getRowId: (row: TableRow) => row.id,
    enableSortingRemoval: false,
    enableMultiSort: false,
    initialState: {
      sorting: (initial.sort ? [initial.sort] : []) as SortingState,
      pagination: { pageIndex: 0, pageSize: initial.pageSize ?? ALL_ROWS },
    },
  };
}

/**
 * The rows a DataTable would show for a sort and page, without React: what tests check, and the
 * same model (features, options) the component renders.
 */
export function tableModel(
  columns: TableColumn[],
  rows: TableRow[],
  view: { sort?: TableSort; pageSize?: number; pageIndex?: number } = {},
) {
  const options = tableOptions(columnDefs(columns), rows, view);
  // useTable adds React's reactivity; outside React, TanStack Store's plays that part.
  const table = constructTable({
    ...options,
    features: tableFeatures({ ...options.features, coreReactivityFeature: storeReactivityBindings() }),
  });
  if (view.pageIndex) table.setPageIndex(view.pageIndex);
  return {
    ids: table.getRowModel().rows.map((r) => r.id),
    pageCount: table.getPageCount(),
    canNext: table.getCanNextPage(),
    canPrevious: table.getCanPreviousPage(),
  };
}

import { formatCount } from "../format";
import { Button } from "../ui/button";
import { Select } from "../ui/controls";
import { pageSizes } from "./customer-list-query";

export function CustomerPagination(props: {
  page: number;
  pageSize: number;
  /** Unknown when the total is only known to be more than 1,000. */
  pageCount: number | undefined;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize: (pageSize: number) => void;
}) {
  const { page, pageSize, pageCount } = props;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-zinc-600">
      <div className="flex items-center gap-2">
        <label htmlFor="page-size" className="whitespace-nowrap">
          Rows per page
        </label>
        <Select
          id="page-size"
          value={pageSize}
          onChange={(event) => props.onPageSize(Number(event.target.value))}
          className="w-auto"
        >
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex items-center gap-2">
        <span className="tabular-nums">
          Page {formatCount(page)}
          {pageCount !== undefined ? ` of ${formatCount(pageCount)}` : null}
        </span>
        <Button onClick={props.onPrevious} disabled={page <= 1}>
          Previous
        </Button>
        <Button onClick={props.onNext} disabled={!props.hasNext}>
          Next
        </Button>
      </div>
    </nav>
  );
}

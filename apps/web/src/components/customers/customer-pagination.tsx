import { formatCount } from "../format";
import { Button } from "../ui/button";
import { Select } from "../ui/controls";
import { pageSizes } from "./customer-list-query";

export function CustomerPagination(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}) {
  const { page, pageSize, total } = props;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
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
          Page {formatCount(page)} of {formatCount(pageCount)}
        </span>
        <Button onClick={() => props.onPage(page - 1)} disabled={page <= 1}>
          Previous
        </Button>
        <Button onClick={() => props.onPage(page + 1)} disabled={page >= pageCount}>
          Next
        </Button>
      </div>
    </nav>
  );
}

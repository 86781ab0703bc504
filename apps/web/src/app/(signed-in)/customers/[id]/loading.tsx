export default function CustomerLoading() {
  return (
    <div aria-busy="true" className="space-y-6">
      <p role="status" className="sr-only">Loading the customer…</p>
      <div className="h-8 w-64 animate-pulse rounded bg-zinc-100" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="h-[32rem] animate-pulse rounded-lg bg-zinc-100" />
        <div className="h-64 animate-pulse rounded-lg bg-zinc-100" />
      </div>
    </div>
  );
}

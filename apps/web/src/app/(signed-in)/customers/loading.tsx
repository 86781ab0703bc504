export default function CustomersLoading() {
  return (
    <div aria-busy="true" className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Customers</h1>
      <p role="status" className="sr-only">Loading customers…</p>
      <div className="h-96 animate-pulse rounded-lg bg-zinc-100" />
    </div>
  );
}

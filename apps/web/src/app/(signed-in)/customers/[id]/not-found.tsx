import Link from "next/link";

export default function CustomerNotFound() {
  return (
    <div className="space-y-3 rounded-lg bg-white p-6 shadow-xs ring-1 ring-zinc-900/5">
      <h1 className="text-lg font-semibold">Customer not found</h1>
      <p className="text-zinc-600">There is no customer with this id in your organization.</p>
      <Link href="/customers" className="font-medium text-indigo-600 hover:text-indigo-500">
        Back to the customers
      </Link>
    </div>
  );
}

export default function CustomersPage() {
  return (
    <main>
      <h1>Customers</h1>
      <p>The customer list arrives with the web UI.</p>
    </main>
  );
}

import { NotAllowed } from "~/components/auth/not-allowed";

/** What a user who is not an admin sees at an admin page's address (the header does not link them there). */
export function AdminOnly({ title }: { title: string }) {
  return <NotAllowed title={title}>Only admins of the organization can open this page.</NotAllowed>;
}

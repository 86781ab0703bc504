import "./globals.css";

import type { ReactNode } from "react";

export const metadata = {
  title: { default: "Customer records", template: "%s · Customer records" },
  description: "Customers, addresses, credit and payment terms of your sales organization.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

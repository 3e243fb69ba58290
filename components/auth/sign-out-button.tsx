"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({
  label = "Log out",
  callbackUrl = "/",
}: {
  label?: string;
  callbackUrl?: string;
}) {
  return (
    <Button variant="ghost" onClick={() => signOut({ callbackUrl })}>
      {label}
    </Button>
  );
}

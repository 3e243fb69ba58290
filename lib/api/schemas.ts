import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { normalizeTag, TAG_PATTERN } from "@/lib/data/tags";

/** Wire formats of the accounts API, one zod schema each. */

export const email = z.string().trim().toLowerCase().max(320).pipe(z.email("Enter a valid email address."));
export const password = z.string().min(1, "Enter a password.").max(PASSWORD_MAX);
export const role = z.enum(ROLES, "Role must be one of owner, admin, member, viewer.");

export const signupBody = z.object({
  name: z.string().trim().max(100).default(""),
  email,
  password,
  workspaceName: z.string().trim().max(60).optional(),
  inviteToken: z.string().max(200).optional(),
});

export const createWorkspaceBody = z.object({
  name: z.string().trim().min(1, "Give the workspace a name.").max(60),
});

export const updateWorkspaceBody = z
  .object({ name: z.string().trim().max(60).optional(), slug: z.string().trim().max(40).optional() })
  .refine((b) => b.name !== undefined || b.slug !== undefined, "Send a new name or slug.");

export const deleteWorkspaceBody = z.object({
  confirm: z.string({ error: "Type the workspace name to confirm." }),
});

export const inviteBody = z.object({ email, role });

export const roleBody = z.object({ role });

export const personalKeyBody = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it.").max(60),
  scope: z.enum(["read", "write"], "Scope must be read or write."),
});

export const forgotBody = z.object({ email });
export const resetBody = z.object({ token: z.string().max(200), password });

export const commentText = z
  .string()
  .trim()
  .min(1, "Write something first.")
  .max(2000, "A comment holds at most 2,000 characters.");

export const tagName = z
  .string()
  .transform(normalizeTag)
  .refine((t) => TAG_PATTERN.test(t), {
    message:
      "A tag is 1–50 characters: letters, digits, spaces and _ . : / - (starting with a letter or digit).",
  });

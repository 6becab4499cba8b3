"use client";

import { type FormEvent, useState } from "react";
import { useCreateUser, useUpdateUser, useUsers } from "@/components/settings/use-users";
import { Button, Field, FormError, Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { firstErrorMessage } from "@/lib/client/api";

const roles = ["viewer", "analyst", "admin"] as const;

function temporaryPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/[+/=]/g, "")
    .slice(0, 16);
}

function AddUserForm() {
  const createUser = useCreateUser();
  const [password, setPassword] = useState("");
  const [created, setCreated] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const user = {
      email: String(form.get("email")),
      name: String(form.get("name")),
      role: String(form.get("role")),
      password,
    };
    await createUser.mutateAsync(user).then(
      () => {
        setCreated(
          `${user.email} can now sign in with the temporary password ${password}, and must then choose their own.`,
        );
        formElement.reset();
        setPassword("");
      },
      () => setCreated(null),
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      className="rounded-xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-4 font-semibold">Add a user</h2>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Field label="Email">
          <Input name="email" type="email" required autoComplete="off" />
        </Field>
        <Field label="Name">
          <Input name="name" required autoComplete="off" />
        </Field>
        <Field label="Role">
          <Select name="role" defaultValue="analyst">
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Temporary password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; they change it at first sign-in.`}
        >
          <div className="flex gap-2">
            <Input
              name="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="off"
              className="font-mono"
            />
            <Button variant="secondary" onClick={() => setPassword(temporaryPassword())}>
              Generate
            </Button>
          </div>
        </Field>
      </div>
      <div className="mt-4 space-y-3">
        <FormError message={firstErrorMessage(createUser)} />
        {created ? (
          <p role="status" className="text-emerald-700 text-sm dark:text-emerald-300">
            {created}
          </p>
        ) : null}
        <Button type="submit" disabled={createUser.isPending}>
          {createUser.isPending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}

export function UsersAdmin({ myEmail }: { myEmail: string }) {
  const users = useUsers();
  const updateUser = useUpdateUser();
  return (
    <div className="space-y-6">
      <AddUserForm />
      <FormError message={firstErrorMessage(updateUser, users)} />
      <Table aria-label="Users">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Status</Th>
            <Th className="text-right">Access</Th>
          </tr>
        </thead>
        <tbody>
          {users.isPending ? (
            <tr>
              <Td colSpan={5} className="text-zinc-500">
                Loading users…
              </Td>
            </tr>
          ) : null}
          {users.data?.data.map((user) => {
            const isMe = user.email === myEmail;
            return (
              <tr key={user.id}>
                <Td className="font-medium">{user.name}</Td>
                <Td className="max-w-72 truncate" title={user.email}>
                  {user.email}
                </Td>
                <Td>
                  <Select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={isMe || updateUser.isPending}
                    onChange={(event) => updateUser.mutate({ id: user.id, role: event.target.value })}
                    className="w-32! py-1"
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td>
                  {user.disabledAt ? (
                    <span className="text-red-700 dark:text-red-300">Disabled</span>
                  ) : user.mustChangePassword ? (
                    <span className="text-amber-700 dark:text-amber-300">Temporary password</span>
                  ) : (
                    <span className="text-emerald-700 dark:text-emerald-300">Active</span>
                  )}
                </Td>
                <Td className="text-right">
                  {isMe ? (
                    <span className="text-xs text-zinc-500">You</span>
                  ) : (
                    <Button
                      variant={user.disabledAt ? "secondary" : "danger"}
                      className="px-3 py-1"
                      disabled={updateUser.isPending}
                      onClick={() => updateUser.mutate({ id: user.id, disabled: !user.disabledAt })}
                    >
                      {user.disabledAt ? `Enable ${user.name}` : `Disable ${user.name}`}
                    </Button>
                  )}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}

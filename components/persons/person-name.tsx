import { isAnonymous, personName } from "@/lib/person-name";

/** A person as people read them: the generated name of an anonymous visitor, with the id on hover. */
export function PersonName({ id }: { id: string }) {
  if (!isAnonymous(id)) return <>{id}</>;
  return (
    <span title={id} data-distinct-id={id}>
      {personName(id)}
    </span>
  );
}

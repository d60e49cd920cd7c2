import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { playTone } from '../../sound';
import { useServices } from '../../stores/context';
import { useMember } from './MemberDialog';
import { type FieldErrors, firstInvalid, MemberContactFields, type MemberForm, placeMemberError } from './MemberFields';

/** Correct a member's name, phone or email (loyalty.update); an emptied phone or email is removed. */
export function EditMemberDialog({ memberId }: { memberId: string }) {
  const { api, cart, session, ui } = useServices();
  const { member, error: loadError } = useMember(memberId);
  const [form, setForm] = useState<Omit<MemberForm, 'cardNumber'> | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const refs = { name: nameRef, phone: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null) };
  const back = () => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId } });

  useEffect(() => {
    if (member && form === null) setForm({ name: member.name, phone: member.phone ?? '', email: member.email ?? '' });
  }, [member, form]);
  // the form is drawn once the member is read: its first field then takes the focus
  const ready = form !== null;
  useEffect(() => {
    if (ready) nameRef.current?.focus();
  }, [ready]);

  const set = (field: 'name' | 'phone' | 'email') => (value: string) => {
    setForm((current) => (current ? { ...current, [field]: value } : current));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setError(null);
  };

  const save = async () => {
    if (!form || !member || busy) return;
    const typed = { name: form.name.trim(), phone: form.phone.trim(), email: form.email.trim() };
    // only what changed: a field left as it was is not sent (so not checked again)
    const input = {
      id: memberId,
      ...(typed.name !== member.name ? { name: typed.name } : {}),
      ...(typed.phone !== (member.phone ?? '') ? { phone: typed.phone === '' ? null : typed.phone } : {}),
      ...(typed.email !== (member.email ?? '') ? { email: typed.email === '' ? null : typed.email } : {}),
    };
    setBusy(true);
    const result = await api.invoke('loyalty.update', input);
    if (!result.ok) {
      const placed = await placeMemberError(api, result.error, typed);
      setBusy(false);
      setErrors(placed.fields);
      setError(placed.form);
      playTone('error', session.getState().settings?.sound);
      const field = firstInvalid(placed.fields);
      // once drawn again: the fields are disabled while the core answers
      if (field && field !== 'cardNumber') requestAnimationFrame(() => refs[field].current?.focus());
      return;
    }
    setBusy(false);
    // the sale shows the member's name: read it again when they are on it
    if (cart.getState().member?.id === memberId) void cart.getState().load();
    back();
  };

  return (
    <Dialog title={`Edit ${member?.name ?? 'member'}`} onClose={back} size="medium" busy={busy} initialFocus={refs.name}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DialogBody>
          <ErrorAlert error={loadError} />
          {form && (
            <div className="member-form-grid">
              <MemberContactFields id={id} form={form} set={set} errors={errors} refs={refs} busy={busy} />
            </div>
          )}
          <ErrorAlert error={error} />
        </DialogBody>
        <DialogActions>
          <button type="button" className="button" onClick={back} disabled={busy}>
            Back
          </button>
          <button type="submit" className="button button-primary button-large" disabled={busy || !form}>
            Save <kbd>Enter</kbd>
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

import { useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';
import { cardGroups, type Member, pointsText } from '../../checkout/loyalty';
import { stripScan } from '../../checkout/scan';
import { ErrorAlert } from '../../components/Alert';
import { Dialog, DialogActions, DialogBody } from '../../components/Dialog';
import { useBarcodeScanner } from '../../scanner/useBarcodeScanner';
import { playTone } from '../../sound';
import { useCart, useServices } from '../../stores/context';
import {
  type FieldErrors,
  firstInvalid,
  formFromQuery,
  MemberContactFields,
  type MemberForm,
  MemberTextField,
  placeMemberError,
} from './MemberFields';

/**
 * Enrol the customer at the till: a name and a phone (or an email) and Enter; a pre-printed card
 * scanned in, or none (the core gives the next number). The new member goes onto the sale and
 * their card number is shown large, to write on the card or hand it over.
 */
export function EnrolDialog({ query = '', onClose }: { query?: string; onClose(): void }) {
  const { api, cart, session, ui } = useServices();
  const cardPrefix = session.getState().settings?.loyalty.cardPrefix ?? '27';
  const [form, setForm] = useState<MemberForm>(() => formFromQuery(query, cardPrefix));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<{ member: Member; attachError: AppErrorData | null } | null>(null);
  // one enrolment: sent again (a double Enter, a retry after a refusal) it makes one member
  const enrolmentId = useRef(uuidv7()).current;
  const id = useId();
  const refs = {
    name: useRef<HTMLInputElement>(null),
    phone: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    cardNumber: useRef<HTMLInputElement>(null),
  };
  // the first empty field of a form started from the find dialog's text (chosen once: the dialog focuses it as it opens)
  const [startField] = useState<'name' | 'phone'>(() => (form.name !== '' && form.phone === '' && form.email === '' ? 'phone' : 'name'));
  const startRef = refs[startField];

  const set = (field: keyof MemberForm) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setError(null);
  };

  // a pre-printed card scanned anywhere in the form goes into the card field; anything else that
  // came in at scanner speed and ended in Enter was typed into its field, and its Enter submits
  useBarcodeScanner((code) => {
    if (busy || enrolled) return;
    if (!/^\d{13}$/.test(code)) {
      void submit();
      return;
    }
    setForm((current) => ({
      name: stripScan(current.name, code),
      email: stripScan(current.email, code),
      phone: stripScan(current.phone, code),
      cardNumber: code,
    }));
    setErrors((current) => ({ ...current, cardNumber: undefined }));
  });

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setErrors({});
    setError(null);
    const sent = {
      name: form.name.trim(),
      email: form.email.trim(),
      phone: form.phone.trim(),
      cardNumber: form.cardNumber.replace(/\s/g, ''),
    };
    const result = await api.invoke('loyalty.enroll', {
      id: enrolmentId,
      name: sent.name,
      ...(sent.email ? { email: sent.email } : {}),
      ...(sent.phone ? { phone: sent.phone } : {}),
      ...(sent.cardNumber ? { cardNumber: sent.cardNumber } : {}),
    });
    if (!result.ok) {
      const placed = await placeMemberError(api, result.error, sent);
      setBusy(false);
      setErrors(placed.fields);
      setError(placed.form);
      playTone('error', session.getState().settings?.sound);
      const field = firstInvalid(placed.fields);
      // once drawn again: the fields are disabled while the core answers
      if (field) requestAnimationFrame(() => refs[field].current?.focus());
      return;
    }
    // on the sale at once: this sale already earns them points
    const attached = await cart.getState().setMember(result.data.id);
    setBusy(false);
    setEnrolled({ member: result.data, attachError: attached.ok ? null : attached.error });
  };

  if (enrolled) return <EnrolledStep member={enrolled.member} attachError={enrolled.attachError} onClose={onClose} />;

  return (
    <Dialog
      title="Enrol a new member"
      subtitle="A name, and a phone number or an email, so the member can be found without the card."
      onClose={onClose}
      size="medium"
      busy={busy}
      initialFocus={startRef}
      className="member-enrol"
    >
      <form
        className="member-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogBody>
          <div className="member-form-grid">
            <MemberContactFields id={id} form={form} set={set} errors={errors} refs={refs} busy={busy} />
            <MemberTextField
              id={`${id}-card`}
              label="Pre-printed card"
              optional
              hint="Scan the card; left empty, the till gives the next card number."
              inputMode="numeric"
              value={form.cardNumber}
              onChange={set('cardNumber')}
              error={errors.cardNumber}
              inputRef={refs.cardNumber}
              maxLength={20}
              disabled={busy}
            />
          </div>
          <ErrorAlert error={error} />
        </DialogBody>
        <DialogActions>
          <button
            type="button"
            className="button"
            onClick={() => ui.getState().open({ kind: 'loyalty', view: { screen: 'find' } })}
            disabled={busy}
          >
            Back
          </button>
          <button type="submit" className="button button-primary button-large" disabled={busy}>
            {busy ? 'Enrolling…' : 'Enrol'} <kbd>Enter</kbd>
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Enrolled: the card number large (written on the card, or the pre-printed one handed over), and what this sale earns. */
function EnrolledStep({ member, attachError, onClose }: { member: Member; attachError: AppErrorData | null; onClose(): void }) {
  const { ui } = useServices();
  const onSale = useCart((s) => (s.member?.id === member.id ? s.member : null));
  const doneRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title="Member enrolled" subtitle={`${member.name} is a member now.`} onClose={onClose} size="medium" initialFocus={doneRef}>
      <DialogBody className="member-enrolled">
        <p className="pay-caption">Card number</p>
        <p className="member-card-number" data-testid="enrolled-card">
          {member.cardNumber ? cardGroups(member.cardNumber) : '—'}
        </p>
        <p className="muted">Write it on a new card, or hand over the pre-printed one.</p>
        {onSale && (
          <p className="alert alert-info" role="status">
            On this sale: it earns {member.name} {pointsText(onSale.earnPoints)}.
          </p>
        )}
        <ErrorAlert error={attachError} />
      </DialogBody>
      <DialogActions>
        <button
          type="button"
          className="button"
          onClick={() => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId: member.id } })}
        >
          Member page
        </button>
        <button ref={doneRef} type="button" className="button button-primary button-large" onClick={onClose}>
          Done <kbd>Enter</kbd>
        </button>
      </DialogActions>
    </Dialog>
  );
}

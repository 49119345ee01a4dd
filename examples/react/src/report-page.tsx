import { TalapIntakeForm } from '@talap/intake-form/react';
import { useRef, useState } from 'react';

/** The hub and the intake key this page sends reports with, set when the page is built. */
const hub = import.meta.env.VITE_TALAP_HUB;
const intakeKey = import.meta.env.VITE_TALAP_KEY;

/** Where the person's report is, as far as the page tells them. */
type Progress = 'writing' | 'sending' | 'saved' | 'waiting' | 'failed' | 'received';

/** What the page says beside the form at each point; the form shows its own messages too. */
function ReportProgress({ progress }: { progress: Progress }) {
  switch (progress) {
    case 'writing':
      return null;
    case 'sending':
      return <p>Sending your report…</p>;
    case 'saved':
      return <p>Your report is saved on this device and on its way to our team…</p>;
    case 'waiting':
      return (
        <p>
          There is no connection right now. Your report is saved on this device and will be sent
          when the connection returns; open this page again later to send it.
        </p>
      );
    case 'failed':
      return (
        <p>
          Your report could not be sent, but it is saved on this device. Please tell our outreach
          worker, who can help you send it.
        </p>
      );
    case 'received':
      return (
        <section aria-labelledby="thanks-heading">
          <h2 id="thanks-heading">Thank you for telling us</h2>
          <p>
            Your report reached our team. A lawyer of the network reads every report within five
            working days. If you left a way to reach you, we will use only that one.
          </p>
        </section>
      );
  }
}

/** An NGO's "report what happened" page with the self-report form, sending to its hub. */
export function ReportPage() {
  const [progress, setProgress] = useState<Progress>('writing');
  // The form also sends reports left on this device by an earlier visit: the page speaks only
  // of the one submitted now.
  const submitted = useRef<string | undefined>(undefined);
  return (
    <>
      <header className="site">
        <p className="brand">Community health rights network</p>
      </header>
      <main>
        <h1>Report what happened to you</h1>
        <p className="lead">
          We collect these reports to defend people's rights: in talks with clinics and the police,
          in court, and in reports to the authorities.
        </p>
        {hub && intakeKey ? (
          <TalapIntakeForm
            mode="self-report"
            hub={hub}
            intakeKey={intakeKey}
            quickExitUrl="https://www.wikipedia.org/"
            onTalapSubmit={(event) => {
              submitted.current = event.detail.case.id;
              setProgress('sending');
            }}
            onTalapQueued={(event) => {
              if (event.detail.caseId === submitted.current) setProgress('saved');
            }}
            onTalapSynced={(event) => {
              if (event.detail.caseId === submitted.current) setProgress('received');
            }}
            onTalapError={(event) => {
              if (event.detail.caseId !== submitted.current) return;
              setProgress(event.detail.willRetry ? 'waiting' : 'failed');
            }}
          />
        ) : (
          <p role="alert">
            This page is not connected to a hub: set VITE_TALAP_HUB and VITE_TALAP_KEY when you
            build or serve it (see the example's README).
          </p>
        )}
        <div role="status">
          <ReportProgress progress={progress} />
        </div>
      </main>
      <footer className="site">
        <p>An example page of Talap. Nothing is sent anywhere but the hub it names.</p>
      </footer>
    </>
  );
}

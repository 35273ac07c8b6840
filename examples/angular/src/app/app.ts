import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
// Registers <dittofeed-embed> (and types its events for strict templates).
import 'dittofeed-embed';
import type { DittofeedErrorDetail, DittofeedResizeDetail, EmbedType } from 'dittofeed-embed';

const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

@Component({
  selector: 'app-root',
  // Angular does not check bindings on custom elements: the schema lets them through.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nav>
      <button type="button" (click)="toggleJourney()">
        {{ type() === 'journey' ? 'All journeys' : 'Onboarding journey' }}
      </button>
      <button type="button" (click)="visible.set(!visible())">
        {{ visible() ? 'Hide' : 'Show' }} Dittofeed
      </button>
    </nav>
    <p>Height: <output data-testid="height">{{ height() ?? '–' }}</output></p>
    @if (error()) {
      <p role="alert" data-testid="error">{{ error() }}</p>
    }
    @if (visible()) {
      <dittofeed-embed
        [type]="type()"
        [resourceId]="resourceId()"
        [baseUrl]="baseUrl"
        token-url="/api/dittofeed/session"
        [tokenRequestInit]="tokenRequestInit"
        (dittofeed-resize)="onResize($event)"
        (dittofeed-error)="onError($event)"
      ></dittofeed-embed>
    }
  `,
})
export class App {
  protected readonly baseUrl = meta('dittofeed-base-url');
  protected readonly tokenRequestInit: RequestInit = {
    headers: { 'X-CSRF-Token': meta('csrf-token') },
  };

  protected readonly type = signal<EmbedType>('journeys');
  protected readonly resourceId = signal<string | undefined>(undefined);
  protected readonly visible = signal(true);
  protected readonly height = signal<number | undefined>(undefined);
  protected readonly error = signal<string | undefined>(undefined);

  protected toggleJourney(): void {
    const showAll = this.type() === 'journey';
    this.type.set(showAll ? 'journeys' : 'journey');
    this.resourceId.set(showAll ? undefined : 'onboarding');
  }

  protected onResize(event: CustomEvent<DittofeedResizeDetail>): void {
    this.height.set(event.detail.height);
  }

  protected onError(event: CustomEvent<DittofeedErrorDetail>): void {
    this.error.set(`${event.detail.code}: ${event.detail.message}`);
  }
}

import { createApp } from 'vue';
import ReportPage from './report-page.vue';
// The example NGO's site stylesheet, which the plain HTML example uses too.
import '../../html-embed/style.css';

createApp(ReportPage).mount('#app');

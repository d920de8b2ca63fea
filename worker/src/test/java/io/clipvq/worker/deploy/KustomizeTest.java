package io.clipvq.worker.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strategic merge subset that KubernetesManifestsTest renders the overlays with. */
class KustomizeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void should_merge_named_list_items_by_name_and_maps_key_by_key() throws Exception {
        ObjectNode target = tree("{'containers':[{'name':'a','image':'x:1','env':[{'name':'K','value':'1'}],"
                + "'resources':{'limits':{'cpu':'1'}}},{'name':'b','image':'y'}]}");

        Kustomize.merge(target, tree("{'containers':[{'name':'a','image':'x:1-cuda','env':[{'name':'L','value':'2'}],"
                + "'resources':{'limits':{'gpu':1}}}]}"));

        assertThat(target).isEqualTo(tree("{'containers':[{'name':'a','image':'x:1-cuda','env':[{'name':'K','value':'1'},"
                + "{'name':'L','value':'2'}],'resources':{'limits':{'cpu':'1','gpu':1}}},{'name':'b','image':'y'}]}"));
    }

    @Test
    void should_replace_lists_whose_items_have_no_name() throws Exception {
        ObjectNode target = tree("{'args':['a','b'],'tolerations':[{'key':'k1'}]}");

        Kustomize.merge(target, tree("{'args':['c'],'tolerations':[{'key':'k2'}]}"));

        assertThat(target).isEqualTo(tree("{'args':['c'],'tolerations':[{'key':'k2'}]}"));
    }

    @Test
    void should_refuse_patch_directives_it_does_not_render() throws Exception {
        ObjectNode target = tree("{'containers':[{'name':'a'}]}");

        assertThatThrownBy(() -> Kustomize.merge(target, tree("{'containers':[{'name':'a','$patch':'delete'}]}")))
                .hasMessageContaining("$patch");
    }
}
